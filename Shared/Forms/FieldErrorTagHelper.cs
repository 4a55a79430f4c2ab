using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SsoSuite.Shared.Forms;

/// <summary>
/// Ties a refused field to the words that say why (WCAG 2.2, 3.3.1 and 1.3.1): beside ASP.NET Core's own
/// <c>asp-for</c> and <c>asp-validation-for</c> helpers, a field whose value the server refused is marked
/// <c>aria-invalid</c> and described by its message (<c>aria-describedby</c>), which a screen reader reads with the
/// field's label when focus reaches it; the message gets the id that points at it. Both apps' forms.js then moves focus
/// to the first such field.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
[HtmlTargetElement("span", Attributes = ValidationForAttribute)]
public sealed class FieldErrorTagHelper(IHtmlGenerator generator) : TagHelper
{
    private const string ForAttribute = "asp-for";
    private const string ValidationForAttribute = "asp-validation-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression? For { get; set; }

    [HtmlAttributeName(ValidationForAttribute)]
    public ModelExpression? ValidationFor { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    /// <summary>After ASP.NET Core's helpers (order -1000), which write the field's id and name.</summary>
    public override int Order => 0;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName((For ?? ValidationFor)!.Name);
        var messageId = TagBuilder.CreateSanitizedId(name, generator.IdAttributeDotReplacement) + "-error";
        if (ValidationFor is not null)
        {
            output.Attributes.SetAttribute("id", messageId);
            return;
        }
        if (ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? existing.Value + " " : "";
            output.Attributes.SetAttribute("aria-describedby", describedBy + messageId);
        }
    }
}
