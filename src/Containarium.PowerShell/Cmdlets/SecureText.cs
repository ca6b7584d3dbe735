using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Containarium.PowerShell.Cmdlets
{
    internal static class SecureText
    {
        public static string Reveal(SecureString secure)
        {
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try { return Marshal.PtrToStringUni(ptr) ?? ""; }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(ptr); }
        }
    }
}
