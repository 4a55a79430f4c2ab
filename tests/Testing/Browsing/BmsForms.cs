using SsoSuite.Bms.KaseyaOne;
using SsoSuite.Testing.Accounts;

namespace SsoSuite.Testing.Browsing;

/// <summary>
/// BMS's own door: its login form (company, username, password), its logout, and My Settings' Enable and Disable
/// Login with KaseyaOne.
/// </summary>
public static class BmsForms
{
    /// <summary>Opens BMS's login page (on <paramref name="bms"/>, or the browser's own site) and submits it.</summary>
    public static async Task<Page> LogInToBmsAsync(this FormBrowser browser, string company, string userName,
        string password = AccountBuilder.Password, Uri? bms = null)
    {
        var login = await browser.OpenAsync(bms is null ? "/Accounts/Login" : new Uri(bms, "/Accounts/Login").ToString());
        return await browser.SubmitAsync(login, new Dictionary<string, string>
        {
            ["Company"] = company,
            ["UserName"] = userName,
            ["Password"] = password,
        });
    }

    /// <summary>The Log out button of any signed-in page.</summary>
    public static Task<Page> LogOutOfBmsAsync(this FormBrowser browser, Page anyPage) =>
        browser.SubmitAsync(anyPage, new Dictionary<string, string>(), action: "/Accounts/Logout");

    /// <summary>
    /// My Settings &gt; Enable Login with KaseyaOne, from <paramref name="settings"/> or a freshly opened page: where the
    /// browser goes, KaseyaOne's login page when BMS sends it there.
    /// </summary>
    public static async Task<Page> EnableLoginWithKaseyaOneAsync(this FormBrowser browser, Page? settings = null) =>
        await browser.SubmitAsync(settings ?? await browser.OpenAsync(MySettingsPath), new Dictionary<string, string>(),
            action: LinkUserJourney.LinkPath);

    /// <summary>My Settings &gt; Disable Login with KaseyaOne, from <paramref name="settings"/> or a freshly opened page.</summary>
    public static async Task<Page> DisableLoginWithKaseyaOneAsync(this FormBrowser browser, Page? settings = null) =>
        await browser.SubmitAsync(settings ?? await browser.OpenAsync(MySettingsPath), new Dictionary<string, string>(),
            action: LinkUserJourney.UnlinkPath);

    private const string MySettingsPath = "/Accounts/Settings";
}
