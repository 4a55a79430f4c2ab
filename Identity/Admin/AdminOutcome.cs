using SsoSuite.Shared.Audit;

namespace SsoSuite.Identity.Admin;

/// <summary>
/// What an admin's action on an account came to: the notice the admin sees, and whether it changed anything. The audit
/// says which: an action refused, or left with nothing to do (a session already ended), is not recorded as done.
/// </summary>
public readonly record struct AdminOutcome(string Notice, bool Done)
{
    public static AdminOutcome Changed(string notice) => new(notice, true);

    public static AdminOutcome Refused(string notice) => new(notice, false);

    public string AuditOutcome => Done ? AuditOutcomes.Succeeded : AuditOutcomes.Refused;
}
