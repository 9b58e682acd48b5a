namespace Rapport.Web.Leads.Pages;

/// <summary>How lead values read on the pages.</summary>
public static class LeadLabels
{
    public static string Status(string s) => s switch
    {
        "new" => "New", "working" => "Working", "nurturing" => "Nurturing", "qualified" => "Qualified",
        "disqualified" => "Disqualified", "converted" => "Converted", _ => s,
    };

    public static readonly (string Key, string Label)[] Fields =
    [
        ("firstName", "First name"), ("lastName", "Last name"), ("email", "E-mail"), ("phone", "Phone"), ("company", "Company"),
        ("title", "Job title"), ("website", "Website"), ("employees", "Employees"), ("industry", "Industry"),
        ("country", "Country"), ("region", "Region"), ("city", "City"), ("source", "Source"), ("campaign", "Campaign"),
    ];

    public static string InputType(string key) => key switch { "email" => "email", "phone" => "tel", "employees" => "number", "website" => "url", _ => "text" };

    public static string? Value(Rapport.Leads.LeadDto l, string key) => key switch
    {
        "firstName" => l.FirstName, "lastName" => l.LastName, "email" => l.Email, "phone" => l.Phone, "company" => l.Company, "title" => l.Title,
        "website" => l.Website, "employees" => l.Employees?.ToString(System.Globalization.CultureInfo.InvariantCulture), "industry" => l.Industry,
        "country" => l.Country, "region" => l.Region, "city" => l.City, "source" => l.Source, "campaign" => l.Campaign, _ => null,
    };
}
