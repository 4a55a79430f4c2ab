using SsoSuite.Shared.Hosting;

namespace SsoSuite.Bms.Layout;

public sealed class ErrorModel() : ErrorPageModel("Your BMS user does not have access to this page.");
