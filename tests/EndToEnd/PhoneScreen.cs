using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>A phone-sized screen (375 px wide) and what a page must do on it: fit its width, keep each control on it.</summary>
public static class PhoneScreen
{
    public const int Width = 375;

    /// <summary>A new browser whose window is a phone's.</summary>
    public static async Task<IPage> NewPhonePageAsync(this Suite suite) =>
        await suite.NewPageAsync(await suite.Browser.NewContextAsync(new() { ViewportSize = new() { Width = Width, Height = 667 } }));

    /// <summary>Nothing reaches past the screen's right edge: the page does not scroll sideways.</summary>
    public static async Task FitsTheWidthAsync(this IPage page)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= Width, $"{page.Url} is {scrollWidth} px wide on a {Width} px screen");
    }

    public static async Task OnScreenAsync(this ILocator element)
    {
        await Assertions.Expect(element).ToBeVisibleAsync();
        var box = await element.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.X >= 0 && box.X + box.Width <= Width, $"{element} spans {box.X}..{box.X + box.Width} px on a {Width} px screen");
    }

    /// <summary>Every link, button and field of the page's main content lies within the screen's width.</summary>
    public static async Task EveryControlOnScreenAsync(this IPage page)
    {
        var controls = page.Locator("main").Locator("a[href], button, input:not([type=hidden]), select");
        Assert.True(await controls.CountAsync() > 0, $"{page.Url} has no control to check");
        foreach (var control in await controls.AllAsync())
        {
            await control.OnScreenAsync();
        }
    }
}
