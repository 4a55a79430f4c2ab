using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SsoSuite.Bms.Accounts;

namespace SsoSuite.Bms.Employees;

/// <summary>Home &gt; Employees: the users of the admin's own tenant (BMS admins only).</summary>
public sealed class IndexModel(EmployeeDirectory employees) : PageModel
{
    public List<BmsUser> Users { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task OnGetAsync() => Users = await employees.ListAsync(User.TenantId(), HttpContext.RequestAborted);
}
