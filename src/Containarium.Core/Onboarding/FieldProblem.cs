namespace Containarium.Core.Onboarding
{
    /// <summary>One reason a request is refused, tied to the field (CSV column / cmdlet parameter) it comes from.</summary>
    public sealed class FieldProblem
    {
        public FieldProblem(string field, string message)
        {
            Field = field;
            Message = message;
        }

        /// <summary>Canonical field name (see <see cref="BoxFields"/>).</summary>
        public string Field { get; }
        public string Message { get; }

        public override string ToString() => Field + ": " + Message;
    }
}
