using System.Text;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Rapport.Data;
using Shouldly;
using Rapport.Records;

namespace Rapport.Tests;

/// <summary>
/// The walls between the modules of src/Rapport, checked on the compiled Rapport.dll (Mono.Cecil):
/// every type a module's code names — base types, interfaces, fields, properties, signatures,
/// attributes, locals and the operands of its method bodies, generic arguments included; lambdas,
/// closures and async state machines count for the type that declares them — must belong to the
/// module itself, to the shared kernel (Common, Data) or to a module the table below allows.
/// And no module adds, removes, updates or bulk-updates the entities of another module, nor calls
/// their property setters: it calls that module's handlers or participants instead.
/// </summary>
public class ModuleBoundaryTests
{
    /// <summary>The shared kernel: every module may use it. Data's RapportDb has a DbSet of every
    /// module's entities (the DbContext is the repository), so Data's own references are not checked.</summary>
    private static readonly HashSet<string> SharedKernel = ["Common", "Data"];

    /// <summary>Module → the modules it may use (besides itself and the shared kernel). The arrows point
    /// one way (a test checks there is no cycle): a lower module offers an extension point — an
    /// interface such as IErasureParticipant, ITimelineSource, ISearchSource, IImportTarget — and the
    /// higher one implements it. A new module adds a line; a new arrow is a design decision, not a test fix.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Platform"] = [],
        ["Search"] = [],
        // The record kernel (issue 12): record references and types, visibility, custom-field definitions,
        // the timeline, merge and erasure extension points. Every module that owns records uses it.
        ["Records"] = ["Platform"],
        ["Imports"] = ["Platform", "Search", "Records"],
        ["Customers"] = ["Platform", "Search", "Imports", "Records"],
        ["Activities"] = ["Platform", "Records", "Customers"],
        ["Duplicates"] = ["Platform", "Records", "Customers"],
        ["Sales"] = ["Platform", "Search", "Records", "Customers", "Activities"],
        ["Leads"] = ["Platform", "Search", "Imports", "Records", "Customers", "Sales"],
        // Demo seeds a sample workspace in every module's tables in one transaction (see DemoData).
        ["Demo"] = ["Platform", "Search", "Imports", "Records", "Customers", "Activities", "Duplicates", "Sales", "Leads"],
    };

    /// <summary>Dependencies that break the table today, each to be fixed (kept out of <see cref="Allowed"/>
    /// so the table stays acyclic and shows the intended picture).</summary>
    private static readonly HashSet<string> KnownBreaches =
    [
        // (none: "Imports → Customers" went when the record kernel, issue 12, took custom-field definitions,
        // WriteSession and the acting user out of Customers)
    ];

    /// <summary>Known writes into another module's entities, allowed: "Writer → Owner" (or "Writer → *").</summary>
    private static readonly Dictionary<string, string> AllowedWrites = new()
    {
        // Demo inserts its sample rows straight into every module's tables, in one transaction, values
        // normalized by their own validators (ARCHITECTURE.md, Demo).
        ["Demo → *"] = "seeds every module",
    };

    /// <summary>The composition root (namespace Rapport: RapportServices) wires every module.</summary>
    private const string Root = "(root)";

    private static readonly Lazy<ModuleDefinition> Assembly = new(() =>
        ModuleDefinition.ReadModule(typeof(RapportDb).Assembly.Location, new ReaderParameters { ReadSymbols = false }));

    [Fact]
    public void Modules_use_only_the_modules_their_table_allows()
    {
        var edges = Edges();
        var breaches = new StringBuilder();
        foreach (var (from, byTo) in edges)
        {
            if (from == Root || SharedKernel.Contains(from) && from == "Data") continue;
            foreach (var (to, uses) in byTo)
            {
                if (SharedKernel.Contains(to) && from != "Common") continue;
                if (Allowed.TryGetValue(from, out var allowed) && allowed.Contains(to) || KnownBreaches.Contains($"{from} → {to}")) continue;
                breaches.AppendLine($"{from} → {to} is not in the table:");
                foreach (var u in uses.Take(20)) breaches.AppendLine($"    {u}");
                if (uses.Count > 20) breaches.AppendLine($"    … and {uses.Count - 20} more");
            }
        }
        Assert.True(breaches.Length == 0, $"{breaches}\nThe dependency graph found in Rapport.dll (module → modules it uses):\n{Graph(edges)}");
    }

    /// <summary>The checks see what they must: a known dependency (in a method body only) and known writes.</summary>
    [Fact]
    public void The_analysis_sees_bodies_closures_and_writes()
    {
        var edges = Edges();
        // ContactPrivacy's erasure loop over its participants lives in an async state machine.
        edges["Customers"]["Platform"].ShouldContain("Rapport.Customers.Features.ContactPrivacy → Rapport.Platform.Audit.AuditTrail");
        edges["Leads"]["Customers"].ShouldNotBeEmpty();
        Writes().ShouldContain(w => w.StartsWith("Demo writes Customers's Contact:"));
    }

    private static SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> Edges()
    {
        var edges = new SortedDictionary<string, SortedDictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var type in AllTypes(Assembly.Value))
        {
            var from = ModuleOf(type);
            if (from is null) continue;
            foreach (var used in References(type))
            {
                var to = ModuleOf(used);
                if (to is null || to == from) continue;
                var byTo = edges.TryGetValue(from, out var d) ? d : edges[from] = new(StringComparer.Ordinal);
                (byTo.TryGetValue(to, out var s) ? s : byTo[to] = new(StringComparer.Ordinal))
                    .Add($"{Outermost(type).FullName} → {Outermost(used).FullName}");
            }
        }
        return edges;
    }

    [Fact]
    public void The_table_has_no_cycle()
    {
        var state = new Dictionary<string, int>();
        List<string> Visit(string m, List<string> path)
        {
            if (state.GetValueOrDefault(m) == 2) return [];
            if (state.GetValueOrDefault(m) == 1) return [.. path, m];
            state[m] = 1;
            foreach (var next in Allowed.GetValueOrDefault(m, []))
                if (Visit(next, [.. path, m]) is { Count: > 0 } cycle) return cycle;
            state[m] = 2;
            return [];
        }
        foreach (var m in Allowed.Keys)
            Visit(m, []).ShouldBeEmpty("a cycle in the allowed dependencies");
        Allowed.Values.SelectMany(v => v).Where(m => !Allowed.ContainsKey(m)).ShouldBeEmpty("modules the table names but does not list");
    }

    [Fact]
    public void No_module_writes_another_modules_entities()
    {
        var breaches = Writes().Where(w => !AllowedWrites.ContainsKey(w[..w.IndexOf(" writes ")] + " → *")
            && !AllowedWrites.ContainsKey(w[..w.IndexOf(" writes ")] + " → " + w[(w.IndexOf(" writes ") + 8)..w.IndexOf("'s ")])).ToList();
        Assert.True(breaches.Count == 0, "A module writes only its own tables; call the owner's handler or participant instead:\n" + string.Join("\n", breaches));
    }

    /// <summary>"Writer writes Owner's Entity: Type.Method calls how", for every write into another module's entity.</summary>
    private static SortedSet<string> Writes()
    {
        var entities = EntityModules();
        var writes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in AllTypes(Assembly.Value))
        {
            var from = ModuleOf(type);
            if (from is null || from == Root || from == "Data") continue;
            foreach (var method in type.Methods.Where(m => m.HasBody))
                foreach (var ins in method.Body.Instructions)
                {
                    if (ins.OpCode.Code is not (Code.Call or Code.Callvirt or Code.Newobj or Code.Ldftn or Code.Ldvirtftn or Code.Ldtoken)
                        || ins.Operand is not MethodReference called) continue;
                    foreach (var (entity, how) in WritesOf(called))
                        if (entities.TryGetValue(entity.GetElementType().FullName, out var owner) && owner != from)
                            writes.Add($"{from} writes {owner}'s {entity.Name}: {Where(type, method)} calls {how}");
                }
        }
        return writes;
    }

    // ---- what counts as a write ----

    private static readonly HashSet<string> SetWrites = ["Add", "AddAsync", "AddRange", "AddRangeAsync", "Remove", "RemoveRange", "Update", "UpdateRange", "Attach", "AttachRange"];
    private static readonly HashSet<string> BulkWrites = ["ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync"];

    private static IEnumerable<(TypeReference Entity, string How)> WritesOf(MethodReference m)
    {
        var declaring = m.DeclaringType;
        if (declaring is GenericInstanceType set && set.ElementType.FullName == "Microsoft.EntityFrameworkCore.DbSet`1" && SetWrites.Contains(m.Name))
            yield return (set.GenericArguments[0], $"DbSet<{set.GenericArguments[0].Name}>.{m.Name}");
        else if (m is GenericInstanceMethod g && g.GenericArguments.Count == 1)
        {
            var t = g.GenericArguments[0];
            if (declaring.FullName == "Microsoft.EntityFrameworkCore.DbContext" && SetWrites.Contains(m.Name))
                yield return (t, $"DbContext.{m.Name}<{t.Name}>");
            else if (declaring.FullName is "Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions" or "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions"
                     && BulkWrites.Contains(m.Name))
                yield return (t, $"{m.Name}<{t.Name}>");
        }
        else if (m.Name.StartsWith("set_", StringComparison.Ordinal))
            yield return (declaring, $"{declaring.Name}.{m.Name}");
    }

    /// <summary>Every EF entity (a DbSet of RapportDb) and the module whose namespace holds it.</summary>
    private static Dictionary<string, string> EntityModules()
    {
        var db = Assembly.Value.GetType(typeof(RapportDb).FullName);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in db.Properties)
            if (p.PropertyType is GenericInstanceType { ElementType.FullName: "Microsoft.EntityFrameworkCore.DbSet`1" } set
                && ModuleOf(set.GenericArguments[0]) is { } owner)
                result[set.GenericArguments[0].FullName] = owner;
        return result;
    }

    // ---- reading the assembly ----

    /// <summary>"Rapport.Customers.Features.ContactPrivacy.EraseAsync" for the MoveNext of EraseAsync's state machine.</summary>
    private static string Where(TypeDefinition type, MethodDefinition method)
    {
        var name = method.Name;
        for (var t = type; t.DeclaringType is not null && t.Name.StartsWith('<'); t = t.DeclaringType)
            if (t.Name.IndexOf('>') is > 1 and var end) name = t.Name[1..end];
        return $"{Outermost(type).FullName}.{name}";
    }

    private static IEnumerable<TypeDefinition> AllTypes(ModuleDefinition module)
    {
        IEnumerable<TypeDefinition> Nested(TypeDefinition t) => [t, .. t.NestedTypes.SelectMany(Nested)];
        return module.Types.SelectMany(Nested);
    }

    private static TypeReference Outermost(TypeReference t)
    {
        t = t.GetElementType();
        while (t.DeclaringType is not null) t = t.DeclaringType;
        return t;
    }

    /// <summary>"Customers" for Rapport.Customers.Features.X (and its nested, compiler-generated types);
    /// <see cref="Root"/> for namespace Rapport; null outside Rapport.</summary>
    private static string? ModuleOf(TypeReference t)
    {
        var ns = Outermost(t).Namespace;
        if (ns == "Rapport") return Root;
        if (!ns.StartsWith("Rapport.", StringComparison.Ordinal)) return null;
        var rest = ns["Rapport.".Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Every type the type's own code names (not its nested types': they are visited themselves).</summary>
    private static IEnumerable<TypeReference> References(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null: return;
                case GenericParameter gp:
                    foreach (var c in gp.Constraints) Add(c.ConstraintType);
                    return;
                case GenericInstanceType git:
                    Add(git.ElementType);
                    foreach (var a in git.GenericArguments) Add(a);
                    return;
                case TypeSpecification spec: // arrays, by-ref, pointers, modifiers
                    Add(spec.ElementType);
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void Attributes(ICustomAttributeProvider p)
        {
            if (!p.HasCustomAttributes) return;
            foreach (var a in p.CustomAttributes)
            {
                Add(a.AttributeType);
                foreach (var arg in a.ConstructorArguments) if (arg.Value is TypeReference tr) Add(tr);
            }
        }
        void Method(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) Add(a);
        }

        Add(type.BaseType);
        Attributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var gp in type.GenericParameters) Add(gp);
        foreach (var f in type.Fields) { Add(f.FieldType); Attributes(f); }
        foreach (var p in type.Properties) { Add(p.PropertyType); Attributes(p); }
        foreach (var e in type.Events) Add(e.EventType);
        foreach (var m in type.Methods)
        {
            Attributes(m);
            Add(m.ReturnType);
            foreach (var gp in m.GenericParameters) Add(gp);
            foreach (var p in m.Parameters) { Add(p.ParameterType); Attributes(p); }
            foreach (var o in m.Overrides) Method(o);
            if (!m.HasBody) continue;
            foreach (var v in m.Body.Variables) Add(v.VariableType);
            foreach (var h in m.Body.ExceptionHandlers) Add(h.CatchType);
            foreach (var ins in m.Body.Instructions)
                switch (ins.Operand)
                {
                    case MethodReference mr: Method(mr); break;
                    case FieldReference fr: Add(fr.DeclaringType); Add(fr.FieldType); break;
                    case TypeReference tr: Add(tr); break;
                }
        }
        return found;
    }

    private static string Graph(SortedDictionary<string, SortedDictionary<string, SortedSet<string>>> edges) =>
        string.Join("\n", edges.Select(e => $"    [\"{e.Key}\"] = [{string.Join(", ", e.Value.Keys.Where(k => !SharedKernel.Contains(k) || e.Key == "Common").Select(k => $"\"{k}\""))}],"));
}
