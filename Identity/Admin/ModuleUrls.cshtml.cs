using SsoSuite.Identity.Launcher;

namespace SsoSuite.Identity.Admin;

/// <summary>Admin Settings &gt; Module URLs: the company's region and landing page per module (K1 admins).</summary>
public sealed class AdminModuleUrlsModel(ModuleCatalog catalog, ModuleUrls urls) : ModuleUrlsEditor(catalog, urls)
{
    protected override Guid Owner => Guid.Empty;
    public override bool IsPersonal => false;
}
