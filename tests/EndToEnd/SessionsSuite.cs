using Microsoft.Playwright;

namespace SsoSuite.EndToEnd;

/// <summary>A suite of its own (deactivating bob must not touch other journeys), whose integration alice enables once.</summary>
public sealed class SessionsSuite : Suite
{
    private bool enabled;

    /// <summary>Connects Acme IT to Acme MSP the first time (journeys of a suite run one at a time).</summary>
    public async Task EnsureIntegrationAsync()
    {
        if (enabled)
        {
            return;
        }
        var alice = await NewPageAsync();
        await this.TurnOnAcmeIntegrationAsync(alice);
        await alice.Context.CloseAsync();
        enabled = true;
    }
}
