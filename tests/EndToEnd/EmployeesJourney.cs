using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>SPEC rules 15, 8 and 12 in a real browser (seed 000): a new employee for the integration API.</summary>
[Collection(SuiteCollection.Name)]
public sealed class EmployeesJourney(Suite suite)
{
    [Fact]
    public async Task Journey_AdminCreatesAnEmployee_WhoReplacesThePassword_ConfiguresMfa_AndGetsAnApiToken()
    {
        // Home > Employees > New Employee, as the seed says, with the user type Employee.
        var admin = await suite.NewBmsPageAsync("Acme IT", "alice");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Employees", Exact = true }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "New Employee" }).ClickAsync();
        await admin.GetByLabel("First name").FillAsync("Rita");
        await admin.GetByLabel("Last name").FillAsync("Rewst");
        await admin.GetByLabel("Email").FillAsync("rita@acme.example");
        await admin.GetByLabel("User type").SelectOptionAsync("Employee");
        await admin.GetByLabel("Username").FillAsync("rewst");
        await admin.GetByLabel("Initial password").FillAsync("Initial!Pass2026");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create employee" }).ClickAsync();
        await Assertions.Expect(admin.GetByTestId("employees-notice"))
            .ToHaveTextAsync("Employee rewst created. They choose their own password at their first login.");
        await Assertions.Expect(admin.GetByTestId("status-rewst")).ToHaveTextAsync("Active");

        // The new employee logs in, must first replace the password the admin chose, then opens My Profile >
        // Configure MFA and notes the secret key.
        var rita = await suite.NewPageAsync();
        await rita.GotoAsync(suite.BmsUrl + "/Accounts/Login");
        await rita.GetByLabel("Company").FillAsync("Acme IT");
        await rita.GetByLabel("Username").FillAsync("rewst");
        await rita.GetByLabel("Password").FillAsync("Initial!Pass2026");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(rita.GetByRole(AriaRole.Heading, new() { Name = "Choose your own password" })).ToBeVisibleAsync();
        await rita.GetByLabel("New password", new() { Exact = true }).FillAsync("Ritas!Own2026pass");
        await rita.GetByLabel("New password again").FillAsync("Ritas!Own2026pass");
        await rita.GetByRole(AriaRole.Button, new() { Name = "Save and log in" }).ClickAsync();
        await Assertions.Expect(rita.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await rita.ChooseFromNameMenuAsync("My Profile");
        await rita.GetByTestId("configure-mfa").ClickAsync();
        await rita.GetByText("Show Secret Key for Manual Configuration").ClickAsync();
        var secret = (await rita.GetByTestId("secret-key").InnerTextAsync()).Trim();
        // Codes from the suite's authenticator, on the clock the apps keep (other journeys may have moved it past real time).
        await rita.GetByLabel("6-digit code").FillAsync(suite.Authenticator.NextCode(secret));
        await rita.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(rita.GetByTestId("mfa-notice")).ToBeVisibleAsync();

        // The integrator (Rewst) gets a token with tenant, username, password and the next code.
        using var api = new HttpClient { BaseAddress = new Uri(suite.BmsUrl) };
        var code = suite.Authenticator.NextCode(secret);
        using var response = await api.PostAsJsonAsync("/api/v1/auth/token",
            new { tenant = "Acme IT", username = "rewst", password = "Ritas!Own2026pass", code });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("access_token").GetString()));
    }
}
