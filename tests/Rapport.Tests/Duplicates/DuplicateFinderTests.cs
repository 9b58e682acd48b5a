using Rapport.Duplicates;
using Shouldly;

namespace Rapport.Tests.Duplicates;

/// <summary>The scan's engine without a database: matching rules and the bounded work of blocking.</summary>
public class DuplicateFinderTests
{
    private static ScanRecord Person(string first, string last, string email = "", string phone = "", int birth = 0, string street = "", string city = "", string postcode = "") => new()
    {
        Id = Guid.CreateVersion7(), First = Matching.Fold(first), Last = Matching.Fold(last), Email = email, Phone = phone, Birth = birth,
        Street = Matching.Fold(street), StreetTokens = Matching.SortedTokens(street), City = Matching.Fold(city), Postcode = Matching.Fold(postcode),
    };

    [Fact]
    public void Swapped_names_typos_and_accents_are_found_and_households_and_twins_are_not()
    {
        var records = new List<ScanRecord>
        {
            Person("Benjamin", "McPhail", birth: 19540903, street: "33 Stralia Place", postcode: "4814"),
            Person("McPhail", "Benjamin", birth: 19540903, street: "33 Stralia Pl", postcode: "4814"),   // swapped
            Person("José", "Núñez", birth: 19800101),
            Person("Jose", "Nunez", birth: 19800111),                                                     // accents, one-digit typo in the date
            Person("John", "Smith", street: "12 High Street", city: "Leeds", postcode: "LS1 4AP"),
            Person("Mary", "Smith", street: "12 High Street", city: "Leeds", postcode: "LS1 4AP"),         // household
            Person("Abraham", "Kuhn", birth: 19621106),
            Person("Opal", "Kuhn", birth: 19621106),                                                      // twins
        };
        var groups = DuplicateFinder.Find(records, new ContactScorer()).Groups;
        groups.Select(g => string.Join(",", g.Members)).Order().ShouldBe(["0,1", "2,3"]);
    }

    [Fact]
    public void A_huge_block_is_compared_in_a_window_so_the_work_stays_linear()
    {
        // 20,000 "J. Smith"s: one block of every name key. All pairs would be 200 million.
        var records = Enumerable.Range(0, 20_000).Select(i => Person($"J{(char)('a' + i % 26)}{i}", "Smith", birth: 19000101 + i % 300 * 100)).ToList();
        records.Add(Person("Jz19999", "Smith", email: "js@example.com"));
        records.Add(Person("Jz19999", "Smith", email: "js@example.com"));
        var result = DuplicateFinder.Find(records, new ContactScorer());
        result.PairsCompared.ShouldBeLessThan(records.Count * 100L); // all pairs would be 200,000,000
        result.Groups.ShouldContain(g => g.Members.SequenceEqual(new[] { records.Count - 2, records.Count - 1 }));
    }

    [Fact]
    public void Jaro_winkler_and_soundex_give_the_textbook_values()
    {
        Matching.JaroWinkler("martha", "marhta").ShouldBe(0.961, 0.001);
        Matching.JaroWinkler("dwayne", "duane").ShouldBe(0.84, 0.001);
        Matching.JaroWinkler("", "x").ShouldBe(0);
        Matching.Soundex("robert").ShouldBe("r163");
        Matching.Soundex("rupert").ShouldBe("r163");
        Matching.Soundex("ashcraft").ShouldBe("a261");
        Matching.Fold("Zoë O'Neil-Smith").ShouldBe("zoeoneilsmith");
        Matching.NearDate(19540903, 19540913).ShouldBeTrue();  // one digit
        Matching.NearDate(19540903, 19540309).ShouldBeTrue();  // day and month swapped
        Matching.NearDate(19540903, 19550904).ShouldBeFalse();
    }
}
