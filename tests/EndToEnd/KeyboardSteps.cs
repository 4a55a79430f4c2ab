using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>What a person who uses the keyboard alone needs of a page: to see where focus is, at each stop of Tab.</summary>
public static class KeyboardSteps
{
    /// <summary>
    /// The contrast between the focused element's outline and the colour behind it (WCAG 2.2, 1.4.11 asks 3:1 of a
    /// focus indicator); 0 when the element draws no outline of at least 2 px.
    /// </summary>
    private const string FocusRingContrast = """
        () => {
          const element = document.activeElement;
          const style = getComputedStyle(element);
          if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) { return 0; }
          const rgba = colour => colour.match(/[\d.]+/g).map(Number);
          const luminance = ([r, g, b]) => [r, g, b]
            .map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); })
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          let behind = [255, 255, 255];
          for (let parent = element.parentElement; parent; parent = parent.parentElement) {
            const colour = rgba(getComputedStyle(parent).backgroundColor);
            if (colour.length < 4 || colour[3] > 0) { behind = colour; break; }
          }
          const [a, b] = [luminance(rgba(style.outlineColor)), luminance(behind)];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }
        """;

    /// <summary>
    /// Tabs through the whole page, round to the first stop again, and asserts that each stop shows a focus
    /// ring that stands out from what is behind it. Returns the stops, described.
    /// </summary>
    public static async Task<List<string>> TabThroughWithVisibleFocusAsync(this IPage page)
    {
        var stops = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var stop = await page.EvaluateAsync<string>(
                "() => document.activeElement.tagName + ' ' + (document.activeElement.innerText || document.activeElement.getAttribute('aria-label') || document.activeElement.name || '').trim()");
            if (stops.Count > 0 && stop == stops[0])
            {
                return stops;
            }
            if (stop.StartsWith("BODY", StringComparison.Ordinal))
            {
                // Past the last stop, focus leaves the page for the browser's own controls before it comes round again.
                continue;
            }
            var contrast = await page.EvaluateAsync<double>(FocusRingContrast);
            Assert.True(contrast >= 3, $"On {page.Url}, focus on {stop} shows a ring of contrast {contrast:0.0}:1 (3:1 needed)");
            stops.Add(stop);
        }
        Assert.Fail($"Tab never came back round to the first stop of {page.Url}: {string.Join(" | ", stops)}");
        return stops;
    }

    /// <summary>The first Tab of a signed-in page shows the link past the top bar, which leads into the page's own content.</summary>
    public static async Task SkipsTheTopBarAsync(this IPage page)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Assertions.Expect(skip).ToBeFocusedAsync();
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { Y: >= 0 }, "The skip link stays out of sight when it has focus");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => { const main = document.querySelector('main'); return main !== document.activeElement && main.contains(document.activeElement); }"),
            $"After the skip link, Tab on {page.Url} lands outside the page's content");
    }
}
