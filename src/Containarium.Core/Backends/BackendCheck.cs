namespace Containarium.Core.Backends
{
    public enum CheckResult
    {
        Pass,
        Warn,
        Fail,
        /// <summary>Not run because an earlier check it depends on failed.</summary>
        Skip,
    }

    /// <summary>One row of Test-CtrBackend.</summary>
    public sealed class BackendCheck
    {
        public BackendCheck(string backend, string check, CheckResult result, string detail)
        {
            Backend = backend;
            Check = check;
            Result = result;
            Detail = detail;
        }

        public string Backend { get; }
        public string Check { get; }
        public CheckResult Result { get; }
        public string Detail { get; }
    }
}
