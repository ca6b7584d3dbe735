namespace Containarium.Core.Onboarding
{
    /// <summary>Canonical names of a box request's fields: CSV headers, cmdlet parameters and problem field names.</summary>
    public static class BoxFields
    {
        public const string UserName = "UserName";
        public const string SshPublicKey = "SshPublicKey";
        public const string SshPublicKeyFile = "SshPublicKeyFile";
        public const string Team = "Team";
        public const string Cpu = "Cpu";
        public const string Memory = "Memory";
        public const string Disk = "Disk";
        public const string Image = "Image";
        public const string Backend = "Backend";
        public const string Name = "Name";
        public const string EnableDocker = "EnableDocker";
    }
}
