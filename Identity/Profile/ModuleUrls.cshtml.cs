using SsoSuite.Identity.Launcher;

namespace SsoSuite.Identity.Profile;

/// <summary>Profile Settings &gt; Module URLs: a user's own override of the company's module URLs.</summary>
public sealed class ProfileModuleUrlsModel(ModuleCatalog catalog, ModuleUrls urls) : ModuleUrlsEditor(catalog, urls)
{
    protected override Guid Owner => AccountId;
    public override bool IsPersonal => true;
}
