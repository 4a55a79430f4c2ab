using SsoSuite.Shared.Accounts;

namespace SsoSuite.Shared.Tests.Accounts;

/// <summary>An account of neither app: the core must work against the interface alone.</summary>
public sealed class TestAccount : ISignInAccount
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public bool IsActive { get; set; } = true;
    public string PasswordHash { get; set; } = "";
    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockoutEnd { get; set; }
    public string? TotpSecret { get; set; }
    public long LastTotpStep { get; set; }
    public bool MustChangePassword { get; set; }
}
