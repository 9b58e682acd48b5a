namespace Rapport.Records;

/// <summary>
/// Names one record of any module: its registered type (<see cref="RecordType.Name"/>, e.g. "contact",
/// "deal", "lead") and its id. Activities target records by it; timelines are asked for it.
/// </summary>
public readonly record struct RecordRef(string Type, Guid Id)
{
    public override string ToString() => $"{Type}:{Id}";
}
