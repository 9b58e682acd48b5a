using Rapport.Common;
using Shouldly;

namespace Rapport.Tests.Common;

public class PhoneNumbersTests
{
    [Theory]
    [InlineData("(415) 555-0100", "US", "+14155550100")]
    [InlineData("415.555.0100", "US", "+14155550100")]
    [InlineData("1-415-555-0100", "US", "+14155550100")]
    [InlineData("011 44 20 7946 0958", "US", "+442079460958")]
    [InlineData("+44 (0)20 7946 0958", "US", "+442079460958")]
    [InlineData("020 7946 0958", "GB", "+442079460958")]
    [InlineData("0044 20 7946 0958", "FR", "+442079460958")]
    [InlineData("01 23 45 67 89", "FR", "+33123456789")]
    [InlineData("06 12 34 56 78", "fr", "+33612345678")]
    [InlineData("030 1234567", "DE", "+49301234567")]
    [InlineData("06 1234 5678", "IT", "+390612345678")]
    [InlineData("+1 212 555 0100", "DE", "+12125550100")]
    [InlineData("555-0100", "US", null)]
    [InlineData("12", "US", null)]
    [InlineData("call me", "US", null)]
    [InlineData("+999 1234 5678", "US", null)]
    [InlineData("415 555 0100 x12", "US", null)]
    [InlineData("", "US", null)]
    [InlineData("+1234567890123456", "US", null)]
    public void Normalizes_to_E164_with_the_default_country(string input, string country, string? expected) =>
        PhoneNumbers.Normalize(input, country).ShouldBe(expected);
}
