// The lab runs real sshd instances as root: these tests are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
