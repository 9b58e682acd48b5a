namespace Rapport.Records;

/// <summary>
/// One conversion as the participants see it: the record converted (a lead) and the records it became — the
/// contact, and the account and the deal when there are.
/// </summary>
public sealed record ConversionContext(RecordRef From, Guid ContactId, Guid? AccountId, Guid? DealId);

/// <summary>
/// The extension point of conversion (a lead into a contact, an account, a deal): a module with rows hanging off the
/// converted record links them to what it became in <see cref="ConvertedAsync"/> — Activities gives the lead's notes,
/// tasks and interactions the new contact and account. The converting module (Leads) calls every participant before
/// it saves, in its transaction; participants change tracked entities (the audit log sees them) and do not save.
/// Registered as <c>services.AddScoped&lt;IConversionParticipant, …&gt;()</c>.
/// </summary>
public interface IConversionParticipant
{
    Task ConvertedAsync(ConversionContext conversion, CancellationToken ct);
}
