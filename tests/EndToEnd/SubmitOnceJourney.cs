using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>
/// A user who clicks again before the answer came: the form is not sent a second time (on a slow line the second
/// answer, a refusal of the code the first post just used, would replace the first's success), and the KaseyaOne
/// slider says what it is doing while its round trip is on its way.
/// </summary>
[Collection(SuiteCollection.Name)]
public sealed class SubmitOnceJourney(Suite suite)
{
    [Fact]
    public async Task Journey_SignInClickedTwice_SendsTheCodeOnce_AndSignsInWithoutAnError()
    {
        // Enrolled beforehand, so that the second browser meets the plain code step.
        await suite.NewKaseyaOnePageAsync("Acme MSP", "bob");
        var page = await suite.NewPageAsync();
        await page.GotoAsync(suite.IdentityUrl + "/");
        await page.EnterPasswordAtKaseyaOneAsync("Acme MSP", "bob");
        await page.GetByLabel("6-digit code").FillAsync(suite.Authenticator.NextCodeFor("Acme MSP", "bob"));

        // Both clicks in the page, the second before any answer can have come; counted are the submissions that no
        // script stopped, each one a request the browser sends.
        var sent = await page.EvaluateAsync<int>("""
            () => {
              let sent = 0;
              window.addEventListener('submit', e => { if (!e.defaultPrevented) { sent++; } });
              const button = Array.from(document.querySelectorAll('button')).find(b => b.textContent.trim() === 'Sign in');
              button.click();
              button.click();
              return sent;
            }
            """);

        Assert.Equal(1, sent);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My Modules" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Journey_KaseyaOneSliderMoved_SaysItIsOnItsWayToKaseyaOne_AndCannotBeMovedBackMeanwhile()
    {
        // Globex Services stays unconnected: the journey stops at KaseyaOne's sign-in page.
        var page = await suite.NewBmsPageAsync("Globex Services", "gina");
        await page.GotoAsync(suite.BmsUrl + "/Admin/Integrations/KaseyaOne");
        await Assertions.Expect(page.GetByTestId("kaseyaone-progress")).ToBeEmptyAsync();

        // Read in the page as the slider moves, before the answer replaces it.
        var state = await page.EvaluateAsync<string[]>("""
            () => {
              const slider = document.querySelector('[data-testid=kaseyaone-slider]');
              slider.click();
              return [document.querySelector('[data-testid=kaseyaone-progress]').textContent, slider.disabled ? 'disabled' : 'enabled'];
            }
            """);

        Assert.Equal(["Taking you to KaseyaOne to connect…", "disabled"], state);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to KaseyaOne" })).ToBeVisibleAsync();
    }
}
