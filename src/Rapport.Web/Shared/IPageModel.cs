namespace Rapport.Web.Shared;

/// <summary>
/// A page or fragment rendered from an endpoint takes one typed model, <c>M</c>: the .razor says
/// <c>@implements IPageModel&lt;XModel&gt;</c> and <c>[Parameter] public XModel M { get; set; } = default!;</c>,
/// and the endpoint calls <c>PageResults.Render&lt;XPage, XModel&gt;(model)</c>. A misspelled or missing
/// parameter is then a compile error instead of a run-time one.
/// </summary>
public interface IPageModel<TModel>
{
    TModel M { get; set; }
}
