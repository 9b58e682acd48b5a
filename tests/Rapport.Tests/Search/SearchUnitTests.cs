using Rapport.Search;
using Shouldly;

namespace Rapport.Tests.Search;

public class SearchUnitTests
{
    [Theory]
    [InlineData("johnson", "johnson", 0)]
    [InlineData("jonhson", "johnson", 1)] // transposition
    [InlineData("johnsen", "johnson", 1)] // substitution
    [InlineData("johnon", "johnson", 1)]  // deletion
    [InlineData("johnsson", "johnson", 1)] // insertion
    [InlineData("jhonsno", "johnson", 2)]
    [InlineData("smith", "", 5)]          // bounded: max + 1 (3) means "more"
    [InlineData("ca", "abc", 3)]          // optimal string alignment: a transposed pair is not edited again (unrestricted Damerau-Levenshtein says 2)
    public void Damerau_Levenshtein_counts_a_transposition_as_one_edit(string a, string b, int expected)
    {
        EditDistance.Distance(a, b, 2).ShouldBe(Math.Min(expected, 3));
        EditDistance.Distance(b, a, 2).ShouldBe(Math.Min(expected, 3));
    }

    [Theory]
    [InlineData("jonhs", "johnson", 1)]
    [InlineData("johns", "johnson", 0)]
    [InlineData("jhns", "johnson", 1)]
    [InlineData("xyzzy", "johnson", 2)]
    public void Prefix_distance_is_to_the_closest_start_of_the_word(string query, string word, int expected) =>
        EditDistance.PrefixDistance(query, word, 1).ShouldBe(expected);

    [Theory]
    [InlineData("+1 (415) 555-0100", SearchMode.Phone, "14155550100")]
    [InlineData("415.555.0100", SearchMode.Phone, "4155550100")]
    [InlineData("020 7123 4567", SearchMode.Phone, "2071234567")]
    [InlineData("per%cent_under!", SearchMode.Names, "per%cent under")]
    [InlineData("john.smith@acme.com", SearchMode.Handle, "john.smith@acme.com")]
    [InlineData("Acme.COM", SearchMode.Handle, "acme.com")]
    [InlineData("O'Brien  Müller-Lüdenscheidt", SearchMode.Names, "obrien muller ludenscheidt")]
    [InlineData("st. john", SearchMode.Names, "st john")]
    public void Queries_are_understood(string q, SearchMode mode, string normalized)
    {
        var parsed = SearchQuery.Parse(q)!;
        parsed.Mode.ShouldBe(mode);
        (mode switch { SearchMode.Phone => parsed.Digits, SearchMode.Handle => parsed.Handle, _ => string.Join(' ', parsed.Tokens) }).ShouldBe(normalized);
    }

    [Theory]
    [InlineData("j")]
    [InlineData("12")]
    [InlineData("a@")]
    [InlineData("-")]
    public void Too_little_to_search_is_nothing(string q) => SearchQuery.Parse(q).ShouldBeNull();

    [Fact]
    public void Corrections_are_one_typo_away_closest_first_and_leave_out_prefix_matches()
    {
        var terms = new[] { "johnson", "johnston", "jonson", "jonsson", "jones", "jonhsonville", "smith" };
        SearchRanker.Corrections("jonhson", terms, 10).ShouldBe(["johnson", "jonson", "jonsson"], ignoreOrder: true);
        // A whole word one typo away first, then words whose start is one typo away.
        SearchRanker.Corrections("jonhs", terms, 10).ShouldBe(["jones", "jonson", "johnson", "jonsson", "johnston"]);
        SearchRanker.Corrections("smtih", terms, 10).ShouldBe(["smith"]);
    }

    [Fact]
    public void Ranking_puts_exact_before_prefix_before_typos()
    {
        var q = SearchQuery.Parse("jonson")!;
        var exact = SearchRanker.Score(q, " erik jonson ", " ", " ")!.Value;
        var prefix = SearchRanker.Score(q, " erik jonsonn ", " ", " ")!.Value;
        var typo = SearchRanker.Score(q, " mary johnson ", " ", " ")!.Value;
        exact.ShouldBeLessThan(prefix);
        prefix.ShouldBeLessThan(typo);
        SearchRanker.Score(q, " nothing here ", " ", " ").ShouldBeNull();
        SearchRanker.Score(SearchQuery.Parse("jon")!, " mary johnson ", " ", " ").ShouldBeNull(); // short words forgive nothing
    }
}
