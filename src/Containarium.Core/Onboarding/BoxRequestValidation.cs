using System.Collections.Generic;

namespace Containarium.Core.Onboarding
{
    /// <summary>Outcome of validating one request: the typed request when there is no problem, else every problem found.</summary>
    public sealed class BoxRequestValidation
    {
        public BoxRequestValidation(BoxRequest? request, IReadOnlyList<FieldProblem> problems)
        {
            Request = request;
            Problems = problems;
        }

        public BoxRequest? Request { get; }
        public IReadOnlyList<FieldProblem> Problems { get; }
        public bool IsValid => Request != null;
    }
}
