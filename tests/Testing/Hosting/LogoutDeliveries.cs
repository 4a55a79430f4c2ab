namespace SsoSuite.Testing.Hosting;

/// <summary>How KaseyaOne delivers back-channel logouts under test, on a clock only the tests move.</summary>
public static class LogoutDeliveries
{
    public static void ForTests(IDictionary<string, string?> settings)
    {
        // The tests read the relying party right after an end: the first delivery must be done by then, however
        // busy the machine (the wait is measured on the test clock, so it ends when the delivery does).
        settings["Sessions:Delivery:InlineWait"] = "00:01:00";
        // The resilience handler's quick retries wait on the clock too: against a client that is down they would
        // wait forever. The outbox's own retries, which the tests drive by moving the clock, remain.
        settings["Sessions:Delivery:ImmediateRetries"] = "0";
    }
}
