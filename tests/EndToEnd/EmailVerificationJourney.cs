using Microsoft.Playwright;
using SsoSuite.Testing.Mail;

namespace SsoSuite.EndToEnd;

[Collection(SuiteCollection.Name)]
public sealed class EmailVerificationJourney(Suite suite)
{
    [Fact]
    public async Task Journey_ChangingTheEmailMailsACodeToTheNewAddress_TypingItBackVerifiesIt()
    {
        var page = await suite.NewKaseyaOnePageAsync("Acme MSP", "dave");
        await page.ChooseFromNameMenuAsync("Profile Settings");
        await page.GetByRole(AriaRole.Link, new() { Name = "Email", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("email-status")).ToHaveTextAsync("(verified)");

        await page.GetByLabel("New email address").FillAsync("dave.new@client.example");
        await page.GetByLabel("Current password").FillAsync(AccountBuilder.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change email" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verify your email address" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("email-address")).ToHaveTextAsync("dave.new@client.example");
        var code = new Inbox(Path.Combine(suite.DataRoot, "identity")).LatestCodeTo("dave.new@client.example");
        await page.GetByLabel("6-digit code from the mail").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("current-email")).ToHaveTextAsync("dave.new@client.example");
        await Assertions.Expect(page.GetByTestId("email-status")).ToHaveTextAsync("(verified)");
    }
}
