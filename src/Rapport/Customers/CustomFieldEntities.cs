namespace Rapport.Customers;

/// <summary>The record types Customers registers (<see cref="Records.RecordType"/>); both keep custom fields.</summary>
public static class CustomFieldEntities
{
    public const string Contact = "contact", Account = "account";
}
