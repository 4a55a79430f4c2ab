using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SsoSuite.Shared.Hosting;

/// <summary>
/// Binds a yes-or-no form field (a checkbox, a slider) of every page of both apps: <c>true</c> or <c>false</c>, as a
/// browser sends them. Anything else (<c>maybe</c>, <c>1</c>, an empty value, <c>true,false</c>) is a model error with a
/// message a user can act on, so a handler that checks <c>ModelState</c> changes nothing. The error keeps no attempted
/// value: Razor's checkbox converts the attempted value back to a bool when the form is shown again, and a value that
/// is not one would throw there (a 500); without it the box shows the model's value.
/// </summary>
public sealed class YesOrNoBinding : IModelBinderProvider, IModelBinder
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context) =>
        context.Metadata.ModelType == typeof(bool) ? this : null;

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            // Absent: the property keeps its default, and [BindRequired] turns that into an error where it matters.
            return Task.CompletedTask;
        }
        // One value, or a ticked checkbox's "true" followed by its hidden "false". Any other pair ("true" and "maybe",
        // "false" and "true") has no single answer: taking the first would let a crafted post say yes unnoticed.
        if ((value.Length == 1 || value.Length == 2 && value.Values[0] == "true" && value.Values[1] == "false")
            && bool.TryParse(value.FirstValue, out var answer))
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            bindingContext.Result = ModelBindingResult.Success(answer);
            return Task.CompletedTask;
        }
        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, rawValue: null, attemptedValue: null);
        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName,
            $"Choose yes or no for {bindingContext.ModelMetadata.GetDisplayName()}: tick the box or leave it clear.");
        return Task.CompletedTask;
    }
}
