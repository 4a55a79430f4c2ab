using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>The steps the journeys share, taken as a user takes them: through the pages, with the demo password.</summary>
public static class JourneySteps
{
    /// <summary>BMS's answer to a change of the integration that went through (the seed's words).</summary>
    public const string Completed = "Operation is completed successfully.";

    /// <summary>SPEC rule 2's words, as BMS shows them when a second BMS tenant tries a KaseyaOne tenant that is taken.</summary>
    public const string Rule2Refusal =
        "This KaseyaOne tenant is already connected to another BMS tenant. You can only connect one BMS tenant to one KaseyaOne tenant at a time.";

    private static readonly Regex Dashboard = new("Dashboard");

    /// <summary>A new browser signed in to BMS with its own login (company, username, password).</summary>
    public static async Task<IPage> NewBmsPageAsync(this Suite suite, string company, string userName)
    {
        var page = await suite.NewPageAsync();
        await page.LogInToBmsAsync(suite.BmsUrl, company, userName);
        return page;
    }

    /// <summary>A new browser signed in at KaseyaOne, on its landing page.</summary>
    public static async Task<IPage> NewKaseyaOnePageAsync(this Suite suite, string company, string userName)
    {
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");
        await suite.SignInAtKaseyaOneAsync(page, company, userName);
        return page;
    }

    public static async Task LogInToBmsAsync(this IPage page, string bmsUrl, string company, string userName)
    {
        await page.GotoAsync(bmsUrl + "/Accounts/Login");
        await page.GetByLabel("Company").FillAsync(company);
        await page.GetByLabel("Username").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(AccountBuilder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
    }

    /// <summary>KaseyaOne's sign-in on the page shown: password, then the code (enrolling from the manual secret the first time).</summary>
    public static async Task SignInAtKaseyaOneAsync(this Suite suite, IPage page, string company, string userName)
    {
        await page.EnterPasswordAtKaseyaOneAsync(company, userName);
        await suite.EnterCodeAtKaseyaOneAsync(page, company, userName);
    }

    /// <summary>KaseyaOne's first sign-in step, onto the code (or enrolment) page.</summary>
    public static async Task EnterPasswordAtKaseyaOneAsync(this IPage page, string company, string userName)
    {
        await page.GetByLabel("Company name").FillAsync(company);
        await page.GetByLabel("Username").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(AccountBuilder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await page.GetByLabel("6-digit code").WaitForAsync();
    }

    /// <summary>KaseyaOne's second step: the code, enrolling from the manual secret the first time.</summary>
    public static async Task EnterCodeAtKaseyaOneAsync(this Suite suite, IPage page, string company, string userName)
    {
        var enrol = page.GetByText("Show secret key for manual configuration");
        var code = page.GetByLabel("6-digit code");
        await code.WaitForAsync();
        if (await enrol.IsVisibleAsync())
        {
            await enrol.ClickAsync();
            suite.Authenticator.Enrol(company, userName, (await page.GetByTestId("secret-key").InnerTextAsync()).Trim());
            await code.FillAsync(suite.Authenticator.NextCodeFor(company, userName));
            await page.GetByRole(AriaRole.Button, new() { Name = "Verify and sign in" }).ClickAsync();
        }
        else
        {
            await code.FillAsync(suite.Authenticator.NextCodeFor(company, userName));
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
    }

    /// <summary>
    /// SPEC rule 5's opening: a BMS admin logs in to BMS, turns the KaseyaOne integration's slider on, and signs in at the
    /// KaseyaOne it sends her to. The journey then asserts BMS's answer (done, or rule 2's refusal).
    /// </summary>
    /// <param name="bmsUrl">The BMS deployment; the suite's own by default.</param>
    public static async Task TurnOnKaseyaOneIntegrationAsync(this Suite suite, IPage page, (string Company, string Admin) bms,
        (string Company, string Admin) kaseyaOne, string? bmsUrl = null)
    {
        bmsUrl ??= suite.BmsUrl;
        await page.LogInToBmsAsync(bmsUrl, bms.Company, bms.Admin);
        await page.GotoAsync(bmsUrl + "/Admin/Integrations/KaseyaOne");
        await page.GetByTestId("kaseyaone-slider").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();
        await suite.SignInAtKaseyaOneAsync(page, kaseyaOne.Company, kaseyaOne.Admin);
    }

    /// <summary>Acme IT's integration turned on by alice at both ends, as most journeys begin.</summary>
    public static async Task TurnOnAcmeIntegrationAsync(this Suite suite, IPage page)
    {
        await suite.TurnOnKaseyaOneIntegrationAsync(page, ("Acme IT", "alice"), ("Acme MSP", "alice"));
        await Assertions.Expect(page.GetByTestId("kaseyaone-notice")).ToHaveTextAsync(Completed);
    }

    /// <summary>SPEC rule 7: Log in with KaseyaOne for a BMS company, signing in at KaseyaOne, onto BMS's dashboard.</summary>
    public static async Task LogInWithKaseyaOneAsync(this Suite suite, IPage page, string bmsCompany, string company, string userName)
    {
        await page.GotoAsync(suite.BmsUrl + "/kaseyaone/login?company=" + Uri.EscapeDataString(bmsCompany));
        await suite.SignInAtKaseyaOneAsync(page, company, userName);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = Dashboard })).ToBeVisibleAsync();
    }

    /// <summary>SPEC rule 17: opens the menu under the user's name (either app) and chooses an item.</summary>
    public static async Task ChooseFromNameMenuAsync(this IPage page, string item)
    {
        await page.GetByTestId("user-name").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = item, Exact = true }).ClickAsync();
    }
}
