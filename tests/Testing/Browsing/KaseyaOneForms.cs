using SsoSuite.Testing.Accounts;

namespace SsoSuite.Testing.Browsing;

/// <summary>KaseyaOne's sign-in as a user goes through it: the password form, then enrolment or the code form.</summary>
public static class KaseyaOneForms
{
    public const string LoginPath = "/Accounts/Login";
    public const string EnrolPath = "/Mfa/Enrol";
    public const string CodePath = "/Mfa/Code";

    /// <summary>Opens the login page (with a return URL, as an authorization request sends it) and submits the password step.</summary>
    public static async Task<Page> EnterPasswordAsync(this FormBrowser browser, string company, string userName,
        string password = AccountBuilder.Password, string? returnUrl = null)
    {
        var login = await browser.OpenAsync(LoginPath + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        return await browser.SubmitPasswordAsync(login, company, userName, password);
    }

    public static Task<Page> SubmitPasswordAsync(this FormBrowser browser, Page login, string company, string userName,
        string password = AccountBuilder.Password) =>
        browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Form.Company"] = company,
            ["Form.UserName"] = userName,
            ["Form.Password"] = password,
        });

    public static Task<Page> SubmitCodeAsync(this FormBrowser browser, Page codePage, string code) =>
        browser.SubmitAsync(codePage, new Dictionary<string, string> { ["Code"] = code });

    /// <summary>The secret shown under "Show secret key for manual configuration".</summary>
    public static string SecretOn(Page enrolPage) =>
        enrolPage.TestId("secret-key") ?? throw new InvalidOperationException("No secret key on " + enrolPage.Url);

    /// <summary>
    /// A whole sign-in from KaseyaOne's login page (<paramref name="startAt"/>, or opened with
    /// <paramref name="returnUrl"/>): the password, then a code from the browser's authenticator, enrolling it
    /// from the manual key the first time. Returns where the browser ends up; a refusal at the password step
    /// is returned as it is.
    /// </summary>
    public static async Task<Page> SignInAsync(this FormBrowser browser, string company, string userName,
        string? returnUrl = null, Page? startAt = null)
    {
        if (startAt is not null && startAt.Path != LoginPath)
        {
            throw new InvalidOperationException($"Expected KaseyaOne's login page, got {startAt.Url} ({(int)startAt.Status}).");
        }
        var afterPassword = startAt is null
            ? await browser.EnterPasswordAsync(company, userName, returnUrl: returnUrl)
            : await browser.SubmitPasswordAsync(startAt, company, userName);
        var authenticator = browser.Authenticator
            ?? throw new InvalidOperationException("This browser has no authenticator app for KaseyaOne's code step.");
        switch (afterPassword.Path)
        {
            case EnrolPath:
                authenticator.Enrol(company, userName, SecretOn(afterPassword));
                return await browser.SubmitCodeAsync(afterPassword, authenticator.NextCodeFor(company, userName));
            case CodePath:
                return await browser.SubmitCodeAsync(afterPassword, authenticator.NextCodeFor(company, userName));
            default:
                return afterPassword;
        }
    }
}
