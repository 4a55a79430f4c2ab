namespace SsoSuite.EndToEnd;

/// <summary>The suite with KaseyaOne and BMS on two different sites (host names mapped to loopback).</summary>
public sealed class TwoSiteSuite() : Suite(("k1.sso.test", "bms.psa.test"));
