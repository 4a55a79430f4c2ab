namespace SsoSuite.Shared.Hosting;

/// <summary>Section <c>Demo</c>: whether an empty store gets the SPEC's demo data (on in the embedded default only).</summary>
public class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }
}
