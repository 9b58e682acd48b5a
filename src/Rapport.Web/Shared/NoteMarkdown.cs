using Markdig;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.AspNetCore.Components;

namespace Rapport.Web.Shared;

/// <summary>
/// Notes and other user text as Markdown, safely: raw HTML is not rendered (Markdig's DisableHtml
/// writes it out as text), and links or images whose address is not http(s) or mailto lose it, so
/// <c>[x](javascript:…)</c> is inert. Images are rendered as links to them (their alt text, or
/// the address), never loaded: a picture in a note would otherwise tell its server who read the
/// note and when (a tracking pixel). @mentions (<c>@[Ana](user:…)</c>) read as "@Ana".
/// </summary>
public static class NoteMarkdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseSoftlineBreakAsHardlineBreak()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseTaskLists()
        .UsePipeTables()
        .Build();

    public static MarkupString ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return new MarkupString("");
        var text = Rapport.Activities.Mentions.ToPlainText(markdown);
        var doc = Markdown.Parse(text, Pipeline);
        foreach (var link in doc.Descendants<LinkInline>().ToList())
        {
            if (!IsSafe(link.Url)) link.Url = "";
            if (link.IsImage)
            {
                link.IsImage = false;
                // The alt text becomes the link's text; with none, the address does, so the link is visible.
                if (link.FirstChild is null) link.AppendChild(new LiteralInline(string.IsNullOrEmpty(link.Url) ? "image" : link.Url));
            }
            link.GetAttributes().AddPropertyIfNotExist("rel", "nofollow noopener noreferrer");
        }
        foreach (var link in doc.Descendants<AutolinkInline>())
            if (!IsSafe(link.Url)) link.Url = "";
        using var writer = new StringWriter();
        var renderer = new Markdig.Renderers.HtmlRenderer(writer);
        Pipeline.Setup(renderer);
        renderer.Render(doc);
        writer.Flush();
        return new MarkupString(writer.ToString());
    }

    private static bool IsSafe(string? url)
    {
        if (string.IsNullOrEmpty(url)) return true;
        if (url.StartsWith('/') && !url.StartsWith("//")) return true;
        if (url.StartsWith('#')) return true;
        return Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme is "http" or "https" or "mailto");
    }
}
