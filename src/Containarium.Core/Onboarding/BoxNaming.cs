using Containarium.Core.Validation;

namespace Containarium.Core.Onboarding
{
    /// <summary>
    /// Default box name for a user: <c>&lt;user&gt;-box</c>, with '_' mapped to '-' (Incus instance names allow only letters,
    /// digits and '-'). A valid user name (≤ 31 chars, starts with a letter) always yields a valid instance name (≤ 35 chars),
    /// so nothing is truncated. Why a suffix: the name doubles as the user's SSH alias and must not shadow a host or
    /// account alias of the same spelling; shorter than upstream's "-container" for typing. Two users that differ only in
    /// '_' vs '-' map to the same box name; callers report that as a duplicate.
    /// </summary>
    public static class BoxNaming
    {
        public const string Suffix = "-box";

        public static string DefaultBoxName(string userName)
        {
            NameRules.EnsureLinuxUserName(userName);
            return userName.Replace('_', '-') + Suffix;
        }
    }
}
