using Rapport.Web.Shared;
using Shouldly;

namespace Rapport.Tests.Web;

public class NoteMarkdownTests
{
    [Theory]
    [InlineData("See ![the logo](https://tracker.example/pixel.gif?u=1) here", "https://tracker.example/pixel.gif?u=1", "the logo")]
    [InlineData("![](https://tracker.example/p.gif)", "https://tracker.example/p.gif", "https://tracker.example/p.gif")]
    [InlineData("![pixel][t]\n\n[t]: https://tracker.example/ref.gif", "https://tracker.example/ref.gif", "pixel")]
    public void An_image_is_a_link_to_it_never_an_img(string markdown, string url, string text)
    {
        var html = NoteMarkdown.ToHtml(markdown).Value;
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldContain($"href=\"{url.Replace("&", "&amp;")}\"");
        html.ShouldContain($">{text}</a>");
        html.ShouldContain("rel=\"nofollow noopener noreferrer\"");
    }

    [Fact]
    public void Unsafe_image_addresses_lose_them_and_raw_html_stays_text()
    {
        var html = NoteMarkdown.ToHtml("![x](javascript:alert(1)) <img src=https://tracker.example/p.gif> [**bold** link](https://example.com)").Value;
        html.ShouldNotContain("<img", Case.Insensitive);
        html.ShouldNotContain("javascript:");
        html.ShouldContain("&lt;img src=https://tracker.example/p.gif&gt;");
        html.ShouldContain("<a href=\"https://example.com\" rel=\"nofollow noopener noreferrer\"><strong>bold</strong> link</a>");
    }
}
