using SsoSuite.Bms.Accounts;
using SsoSuite.Bms.KaseyaOne;

namespace SsoSuite.Bms.Tests.KaseyaOne;

/// <summary>The pure rules of signing in with KaseyaOne (SPEC rules 2, 3, 4 and 6), without any round trip.</summary>
public sealed class KaseyaOneRulesTests
{
    private static readonly BmsTenant Tenant = new() { Name = "Rules IT", NormalizedName = "RULES IT" };
    private static readonly TenantLink Link = new() { BmsTenantId = Tenant.Id, K1TenantId = "k1-rules", K1TenantName = "Rules MSP" };
    private static readonly KaseyaOneAccount Account = new("sub-1", "pat@rules.example", true, "k1-rules", "Rules MSP", "sid-1");

    private static BmsUser User(string email = "pat@rules.example", BmsUserType type = BmsUserType.Employee, bool active = true,
        bool admin = false) => new()
    {
        Tenant = Tenant, TenantId = Tenant.Id, UserName = "pat", NormalizedUserName = "PAT", Email = email,
        DisplayName = "Pat", UserType = type, IsActive = active, IsAdmin = admin,
    };

    [Theory]
    [InlineData("pat@rules.example", "pat@rules.example")]
    [InlineData("Pat@Rules.Example", "pat@rules.example")]
    [InlineData(" pat@rules.example ", "pat@rules.example")]
    public void Rule3_EmailsMatchCaseInsensitively(string kaseyaOne, string bms) => Assert.True(KaseyaOneRules.EmailsMatch(kaseyaOne, bms));

    [Theory]
    [InlineData("pat@rules.example", "pat.smith@rules.example")]
    [InlineData("", "")]
    [InlineData(null, "pat@rules.example")]
    [InlineData("pat@rules.example", null)]
    public void Rule3_DifferentOrMissingEmailsDoNotMatch(string? kaseyaOne, string? bms) => Assert.False(KaseyaOneRules.EmailsMatch(kaseyaOne, bms));

    [Fact]
    public void Rule4_OnlyActiveEmployeesOfATenantWithALinkMayUseIt()
    {
        Assert.Null(KaseyaOneRules.WhoMayUse(User(), Link));
        Assert.Equal(KaseyaOneRefusal.IntegrationOff, KaseyaOneRules.WhoMayUse(User(), tenantLink: null));
        Assert.Equal(KaseyaOneRefusal.NotEmployee, KaseyaOneRules.WhoMayUse(User(type: BmsUserType.ClientPortal), Link));
        Assert.Equal(KaseyaOneRefusal.NotEmployee, KaseyaOneRules.WhoMayUse(User(type: BmsUserType.Api), Link));
        Assert.Equal(KaseyaOneRefusal.BmsUserInactive, KaseyaOneRules.WhoMayUse(User(active: false), Link));
    }

    [Fact]
    public void Rule2_AnAccountOfAnotherKaseyaOneTenantIsRefused()
    {
        var stranger = Account with { TenantId = "k1-elsewhere" };

        Assert.False(KaseyaOneRules.SameKaseyaOneTenant(Link, stranger));
        Assert.Equal(KaseyaOneRefusal.WrongTenant, KaseyaOneRules.Decide(Link, stranger, User(), null, null, false).Refusal);
    }

    [Fact]
    public void Rule4_NoSignInWhileTheTenantHasNoLink()
    {
        var decision = KaseyaOneRules.Decide(null, Account, User(), null, null, false);

        Assert.Equal(KaseyaOneRefusal.IntegrationOff, decision.Refusal);
        Assert.Null(decision.User);
    }

    [Fact]
    public void Rule3_ALinkedUserWhoseEmailChangedSinceIsRefused()
    {
        var decision = KaseyaOneRules.Decide(Link, Account, User(email: "pat.new@rules.example"), null, null, false);

        Assert.Equal(KaseyaOneRefusal.EmailMismatch, decision.Refusal);
    }

    [Fact]
    public void Rule3_AUserWithTheSameUsernameButAnotherEmailIsToldTheEmailsDiffer()
    {
        var decision = KaseyaOneRules.Decide(Link, Account, null, null, User(email: "pat.smith@rules.example"), false);

        Assert.Equal(KaseyaOneRefusal.EmailMismatch, decision.Refusal);
    }

    [Fact]
    public void Rule6_AMatchingUserWithoutALinkIsLinkedAtFirstSignIn()
    {
        var user = User();

        var decision = KaseyaOneRules.Decide(Link, Account, null, user, null, false);

        Assert.Null(decision.Refusal);
        Assert.Same(user, decision.User);
        Assert.True(decision.CreateLink);
    }

    [Fact]
    public void Rule6_ALinkedUserSignsInWithoutANewLink()
    {
        var user = User();

        var decision = KaseyaOneRules.Decide(Link, Account, user, user, null, false);

        Assert.Same(user, decision.User);
        Assert.False(decision.CreateLink);
    }

    [Fact]
    public void Rule6_AUserWhoDisabledTheLinkIsNotReLinkedSilently()
    {
        var decision = KaseyaOneRules.Decide(Link, Account, null, User(), null, sameEmailUserOptedOut: true);

        Assert.Equal(KaseyaOneRefusal.NotLinked, decision.Refusal);
        Assert.False(decision.CreateLink);
    }

    [Fact]
    public void Rule6_NobodyWithThatEmailOrUsernameIsNotLinked()
    {
        Assert.Equal(KaseyaOneRefusal.NotLinked, KaseyaOneRules.Decide(Link, Account, null, null, null, false).Refusal);
    }

    [Fact]
    public void Rule4_AClientPortalUserWithTheSameEmailIsRefused()
    {
        var decision = KaseyaOneRules.Decide(Link, Account, null, User(type: BmsUserType.ClientPortal), null, false);

        Assert.Equal(KaseyaOneRefusal.NotEmployee, decision.Refusal);
    }

    [Fact]
    public void Rule16_AnUnverifiedEmailNeitherLinksNorSignsIn()
    {
        var unverified = Account with { EmailVerified = false };
        var user = User();

        var firstSignIn = KaseyaOneRules.Decide(Link, unverified, null, user, null, false);
        var linkedSignIn = KaseyaOneRules.Decide(Link, unverified, user, user, null, false);

        Assert.Equal(KaseyaOneRefusal.EmailNotVerified, firstSignIn.Refusal);
        Assert.False(firstSignIn.CreateLink);
        Assert.Equal(KaseyaOneRefusal.EmailNotVerified, linkedSignIn.Refusal);
        Assert.Null(linkedSignIn.User);
    }

    [Fact]
    public void Rule6_ABmsAdminWithTheSameEmailIsNotLinkedSilently()
    {
        var decision = KaseyaOneRules.Decide(Link, Account, null, User(admin: true), null, false);

        Assert.Equal(KaseyaOneRefusal.AdminLinksThemself, decision.Refusal);
        Assert.False(decision.CreateLink);
    }

    [Fact]
    public void Rule6_ABmsAdminWhoLinkedThemselfSignsIn()
    {
        var admin = User(admin: true);

        var decision = KaseyaOneRules.Decide(Link, Account, admin, admin, null, false);

        Assert.Null(decision.Refusal);
        Assert.Same(admin, decision.User);
    }
}
