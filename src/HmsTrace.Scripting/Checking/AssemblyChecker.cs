using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using HmsTrace.Analyzers;

namespace HmsTrace.Scripting.Checking;

/// <summary>
/// Checks a compiled policy assembly against <see cref="PolicyAllowList"/> — the same list the
/// analyzers apply to the source — by reading its metadata and IL: every assembly, type and member
/// reference, P/Invoke and module tables, layout, static fields, module initialisers, finalizers,
/// exception handlers and every opcode. What the IL references is the ground truth: aliases,
/// <c>global::</c>, <c>using static</c>, attributes and other syntax tricks cannot hide from it.
/// The meter (<c>HmsTrace.Metering.Fuel</c>) is the one addition to the list. Stateless; thread-safe.
/// </summary>
internal static class AssemblyChecker
{
    /// <summary>The largest <c>localloc</c>, in bytes (the analyzers' HMS0002 bound).</summary>
    public const int MaxStackAllocBytes = 1024;

    private const string MeterType = "HmsTrace.Metering.Fuel";

    private static readonly ImmutableHashSet<string> MeterMembers = ["Step", "Enter", "Exit", "Length", "Each", "Sized", "Made", "Source", "Hay", "Needle", "Mark", "Built", "After", "Before", "Parts", "Iterate", "IterateEnumerator"];

    private static readonly ImmutableHashSet<string> CatchAllTypes =
        ["System.Object", "System.Exception", "System.SystemException", "HmsTrace.Policy.PolicyStopException"];

    /// <summary>Checks <paramref name="image"/>; returns every finding (none means the assembly may load).</summary>
    /// <param name="image">The PE image.</param>
    /// <param name="allowedAssemblies">Simple names of the assemblies the policy was compiled against.</param>
    public static List<IlFinding> Check(ImmutableArray<byte> image, ImmutableHashSet<string> allowedAssemblies)
    {
        var findings = new List<IlFinding>();
        using var pe = new PEReader(image);
        var md = pe.GetMetadataReader();

        foreach (var handle in md.AssemblyReferences)
        {
            var name = md.GetString(md.GetAssemblyReference(handle).Name);
            if (!allowedAssemblies.Contains(name))
            {
                findings.Add(new(IlCheckIds.AssemblyReference, $"the assembly references '{name}', which policies cannot use", null, null));
            }
        }

        if (md.GetTableRowCount(TableIndex.ModuleRef) > 0 || md.GetTableRowCount(TableIndex.ImplMap) > 0)
        {
            findings.Add(new(IlCheckIds.Interop, "the assembly declares P/Invoke (DllImport) methods or native module references", null, null));
        }

        if (md.GetTableRowCount(TableIndex.FieldLayout) > 0)
        {
            findings.Add(new(IlCheckIds.Layout, "the assembly sets explicit field offsets (FieldOffset): overlapping fields confuse types", null, null));
        }

        foreach (var handle in md.TypeReferences)
        {
            var name = TypeRefName(md, handle);
            // Types the compiler references for allowed source pass here; their members are judged below.
            if (!PolicyAllowList.IsAllowedType(name) && !PolicyAllowList.IsCompilerSupportType(name) && name != MeterType)
            {
                findings.Add(new(IlCheckIds.TypeReference, $"references type {name}, which is not on the policy allow-list", null, null));
            }
        }

        var signatureProvider = new SignatureNames(md);
        for (var row = 1; row <= md.GetTableRowCount(TableIndex.TypeSpec); row++)
        {
            var described = md.GetTypeSpecification(MetadataTokens.TypeSpecificationHandle(row)).DecodeSignature(signatureProvider, null);
            if (signatureProvider.SawPointer)
            {
                findings.Add(new(IlCheckIds.Pointer, $"uses pointer or function pointer type {described}", null, null));
                signatureProvider.SawPointer = false;
            }
        }

        var supportMembers = new HashSet<EntityHandle>();
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            var name = md.GetString(member.Name);
            var parent = ParentTypeName(md, member.Parent, signatureProvider);
            if (parent is null)
            {
                findings.Add(new(IlCheckIds.MemberReference, $"references member {name} through an unsupported parent", null, null));
            }
            else if (parent == MeterType)
            {
                if (!MeterMembers.Contains(name))
                {
                    findings.Add(new(IlCheckIds.MemberReference, $"references {parent}.{name}", null, null));
                }
            }
            else if (parent is "<array>" or "<self>")
            {
                // Multi-dimensional array accessors and the assembly's own types: judged through their element types and definitions.
            }
            else if (PolicyAllowList.IsCompilerSupportMember(parent, name))
            {
                supportMembers.Add(handle);
            }
            else if (!PolicyAllowList.IsAllowedMember(parent, name))
            {
                findings.Add(new(IlCheckIds.MemberReference, $"references {parent}.{name}, which is not on the policy allow-list", null, null));
            }
        }

        CheckTypes(md, pe, findings, supportMembers, signatureProvider);
        CheckCustomAttributes(md, findings, supportMembers);
        return findings;
    }

    private static void CheckTypes(MetadataReader md, PEReader pe, List<IlFinding> findings, HashSet<EntityHandle> supportMembers, SignatureNames signatureProvider)
    {
        var first = true;
        foreach (var typeHandle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(typeHandle);
            var typeName = TypeDefName(md, typeHandle);
            var generated = IsCompilerGenerated(md, typeHandle);
            if (first)
            {
                first = false;
                if (type.GetMethods().Count > 0 || type.GetFields().Count > 0)
                {
                    findings.Add(new(IlCheckIds.ImplicitExecution, "the module declares global methods or a module initializer", null, null));
                }

                continue;
            }

            // Without instance fields nothing can overlap: the compiler's size-only blobs for array
            // initialisers (<PrivateImplementationDetails>+__StaticArrayInitTypeSize=48) have explicit layout.
            if ((type.Attributes & TypeAttributes.LayoutMask) == TypeAttributes.ExplicitLayout
                && type.GetFields().Any(f => (md.GetFieldDefinition(f).Attributes & FieldAttributes.Static) == 0))
            {
                findings.Add(new(IlCheckIds.Layout, $"type {typeName} has explicit layout: overlapping fields confuse types", typeName, null));
            }

            var hasMutableStatic = false;
            foreach (var fieldHandle in type.GetFields())
            {
                var field = md.GetFieldDefinition(fieldHandle);
                var attributes = field.Attributes;
                if ((attributes & FieldAttributes.Static) != 0 && (attributes & (FieldAttributes.InitOnly | FieldAttributes.Literal)) == 0 && !generated)
                {
                    hasMutableStatic = true;
                    findings.Add(new(IlCheckIds.StaticState, $"static field {typeName}.{md.GetString(field.Name)} is mutable state shared between runs", typeName, null));
                }

                if ((attributes & FieldAttributes.HasFieldRVA) != 0 && !generated)
                {
                    findings.Add(new(IlCheckIds.Layout, $"field {typeName}.{md.GetString(field.Name)} maps raw data", typeName, null));
                }
            }

            foreach (var methodHandle in type.GetMethods())
            {
                var method = md.GetMethodDefinition(methodHandle);
                var methodName = md.GetString(method.Name);
                var attributes = method.Attributes;
                var implementation = method.ImplAttributes;
                if ((attributes & MethodAttributes.PinvokeImpl) != 0 || (implementation & (MethodImplAttributes.InternalCall | MethodImplAttributes.Native | MethodImplAttributes.Unmanaged)) != 0)
                {
                    findings.Add(new(IlCheckIds.Interop, $"method {typeName}.{methodName} is implemented outside managed code", typeName, methodName));
                    continue;
                }

                if (methodName == "Finalize" && (attributes & MethodAttributes.Virtual) != 0 && method.GetParameters().Count == 0)
                {
                    findings.Add(new(IlCheckIds.ImplicitExecution, $"type {typeName} has a finalizer, which would run on the GC thread", typeName, methodName));
                }

                if (methodName == ".cctor" && hasMutableStatic)
                {
                    findings.Add(new(IlCheckIds.ImplicitExecution, $"type {typeName} has a static constructor that sets mutable state", typeName, methodName));
                }

                if (method.RelativeVirtualAddress == 0)
                {
                    if ((attributes & MethodAttributes.Abstract) == 0 && (implementation & MethodImplAttributes.Runtime) == 0)
                    {
                        findings.Add(new(IlCheckIds.Interop, $"method {typeName}.{methodName} has no body (extern)", typeName, methodName));
                    }

                    continue;
                }

                method.DecodeSignature(signatureProvider, null);
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(signatureProvider, null);
                }

                if (signatureProvider.SawPointer)
                {
                    signatureProvider.SawPointer = false;
                    findings.Add(new(IlCheckIds.Pointer, $"{typeName}.{methodName} uses pointer or function pointer types", typeName, methodName));
                }

                CheckBody(md, body, typeName, methodName, generated || methodName.Contains('<', StringComparison.Ordinal), findings, supportMembers);
            }
        }
    }

    private static void CheckBody(MetadataReader md, MethodBodyBlock body, string typeName, string methodName, bool generated, List<IlFinding> findings, HashSet<EntityHandle> supportMembers)
    {
        foreach (var region in body.ExceptionRegions)
        {
            if (region.Kind == ExceptionRegionKind.Filter)
            {
                findings.Add(new(IlCheckIds.Catch, $"{typeName}.{methodName} has an exception filter", typeName, methodName));
            }
            else if (region.Kind == ExceptionRegionKind.Catch)
            {
                var caught = region.CatchType.Kind switch
                {
                    HandleKind.TypeReference => TypeRefName(md, (TypeReferenceHandle)region.CatchType),
                    HandleKind.TypeDefinition => TypeDefName(md, (TypeDefinitionHandle)region.CatchType),
                    _ => "System.Object",
                };
                if (CatchAllTypes.Contains(caught))
                {
                    findings.Add(new(IlCheckIds.Catch, $"{typeName}.{methodName} catches {caught}, which could swallow the stop signal", typeName, methodName));
                }
            }
        }

        var reader = body.GetILReader();
        var branches = new List<(int From, int To)>();
        var localAllocs = new List<int>();
        var previous = (Op: (ILOpCode)0xFFFF, Value: 0L);
        var beforePrevious = previous;
        while (reader.RemainingBytes > 0)
        {
            var offset = reader.Offset;
            var opByte = reader.ReadByte();
            var op = opByte == 0xFE ? (ILOpCode)(0xFE00 | reader.ReadByte()) : (ILOpCode)opByte;
            long value = 0;
            if (!Enum.IsDefined(op))
            {
                findings.Add(new(IlCheckIds.Opcode, $"{typeName}.{methodName} uses an unknown opcode 0x{(int)op:X}", typeName, methodName));
                return;
            }

            switch (op)
            {
                case ILOpCode.Calli:
                case ILOpCode.Jmp:
                case ILOpCode.Tail:
                case ILOpCode.Arglist:
                case ILOpCode.Mkrefany:
                case ILOpCode.Refanyval:
                case ILOpCode.Refanytype:
                case ILOpCode.Cpblk:
                case ILOpCode.Initblk:
                case ILOpCode.Break:
                    findings.Add(new(IlCheckIds.Opcode, $"{typeName}.{methodName} uses the forbidden opcode {op.ToString().ToLowerInvariant()}", typeName, methodName));
                    break;
                case ILOpCode.Localloc:
                    var constant = previous.Op == ILOpCode.Conv_u && IsLdcI4(beforePrevious.Op) ? beforePrevious.Value : -1;
                    if (constant < 0 || constant > MaxStackAllocBytes)
                    {
                        findings.Add(new(IlCheckIds.StackAlloc, $"{typeName}.{methodName} allocates on the stack a size that is not a constant of at most {MaxStackAllocBytes} bytes", typeName, methodName));
                    }

                    localAllocs.Add(offset);
                    break;
            }

            switch (OperandSize(op))
            {
                case 0:
                    value = op switch
                    {
                        >= ILOpCode.Ldc_i4_0 and <= ILOpCode.Ldc_i4_8 => op - ILOpCode.Ldc_i4_0,
                        ILOpCode.Ldc_i4_m1 => -1,
                        _ => 0,
                    };
                    break;
                case 1:
                    var b = reader.ReadSByte();
                    value = b;
                    if (IsShortBranch(op))
                    {
                        branches.Add((offset, reader.Offset + b));
                    }

                    break;
                case 2:
                    reader.ReadInt16();
                    break;
                case 4:
                    if (IsTokenOperand(op))
                    {
                        var token = reader.ReadInt32();
                        if ((token >>> 24) is 0x70 or 0x11)
                        {
                            // A user string (ldstr) or a stand-alone signature: no member to judge.
                            break;
                        }

                        var handle = MetadataTokens.EntityHandle(token);
                        if (!generated && handle.Kind == HandleKind.MemberReference && supportMembers.Contains(handle) && !IsListExpressionStep(md, handle, previous.Op))
                        {
                            findings.Add(new(IlCheckIds.MemberReference, $"{typeName}.{methodName} calls {MemberName(md, handle)} outside compiler-generated code", typeName, methodName));
                        }

                        if (handle.Kind == HandleKind.MethodSpecification)
                        {
                            var method = md.GetMethodSpecification((MethodSpecificationHandle)handle).Method;
                            if (!generated && method.Kind == HandleKind.MemberReference && supportMembers.Contains(method) && !IsListExpressionStep(md, method, previous.Op))
                            {
                                findings.Add(new(IlCheckIds.MemberReference, $"{typeName}.{methodName} calls {MemberName(md, method)} outside compiler-generated code", typeName, methodName));
                            }
                        }
                    }
                    else
                    {
                        var target = reader.ReadInt32();
                        value = target;
                        if (IsLongBranch(op))
                        {
                            branches.Add((offset, reader.Offset + target));
                        }
                    }

                    break;
                case 8:
                    reader.ReadInt64();
                    break;
                case -1:
                    var count = reader.ReadInt32();
                    var baseOffset = reader.Offset + (4 * count);
                    for (var i = 0; i < count; i++)
                    {
                        branches.Add((offset, baseOffset + reader.ReadInt32()));
                    }

                    break;
            }

            beforePrevious = previous;
            previous = (op, value);
        }

        foreach (var at in localAllocs)
        {
            foreach (var (from, to) in branches)
            {
                if (from > at && to <= at)
                {
                    findings.Add(new(IlCheckIds.StackAlloc, $"{typeName}.{methodName} allocates on the stack inside a loop", typeName, methodName));
                    return;
                }
            }
        }
    }

    private static void CheckCustomAttributes(MetadataReader md, List<IlFinding> findings, HashSet<EntityHandle> supportMembers)
    {
        foreach (var handle in md.CustomAttributes)
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference || !supportMembers.Contains(attribute.Constructor))
            {
                continue;
            }

            var onGenerated = attribute.Parent.Kind == HandleKind.TypeDefinition && IsCompilerGenerated(md, (TypeDefinitionHandle)attribute.Parent);
            if (!onGenerated)
            {
                findings.Add(new(IlCheckIds.MemberReference, $"applies {MemberName(md, attribute.Constructor)} outside compiler-generated code", null, null));
            }
        }
    }

    // The compiler fills a List<T> collection expression in the user's own method: the count (a
    // constant, or a local summed from the spreads' counts), CollectionsMarshal.SetCount, then AsSpan
    // to store the elements. AsSpan only views the list's own array. SetCount passes only right after
    // a count is loaded; the IL cannot tell a hand-written call of that shape from the compiler's,
    // so the guard against one is the analyzers (CollectionsMarshal is not on the allow-list) and,
    // against a count the compiler takes from policy code, the rewrite (spreads of types whose
    // Count the policy writes are handed over without one).
    private static bool IsListExpressionStep(MetadataReader md, EntityHandle memberRef, ILOpCode previous) =>
        MemberName(md, memberRef) switch
        {
            "System.Runtime.InteropServices.CollectionsMarshal.AsSpan" => true,
            "System.Runtime.InteropServices.CollectionsMarshal.SetCount" => IsLdcI4(previous)
                || previous is ILOpCode.Ldloc or ILOpCode.Ldloc_s or (>= ILOpCode.Ldloc_0 and <= ILOpCode.Ldloc_3),
            _ => false,
        };

    private static string MemberName(MetadataReader md, EntityHandle handle)
    {
        if (handle.Kind != HandleKind.MemberReference)
        {
            return "a member";
        }

        var member = md.GetMemberReference((MemberReferenceHandle)handle);
        return (ParentTypeName(md, member.Parent, new SignatureNames(md)) ?? "?") + "." + md.GetString(member.Name);
    }

    private static bool IsCompilerGenerated(MetadataReader md, TypeDefinitionHandle handle)
    {
        for (var current = handle; !current.IsNil;)
        {
            var type = md.GetTypeDefinition(current);
            if (md.GetString(type.Name).Contains('<', StringComparison.Ordinal))
            {
                return true;
            }

            current = type.GetDeclaringType();
        }

        return false;
    }

    private static string TypeRefName(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        var name = md.GetString(type.Name);
        if (type.ResolutionScope.Kind == HandleKind.TypeReference)
        {
            return TypeRefName(md, (TypeReferenceHandle)type.ResolutionScope) + "+" + name;
        }

        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    private static string TypeDefName(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        var name = md.GetString(type.Name);
        var declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return TypeDefName(md, declaring) + "+" + name;
        }

        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    // The declaring type's metadata name, "<self>" for the assembly's own types, "<array>" for array types, null for anything else.
    private static string? ParentTypeName(MetadataReader md, EntityHandle parent, SignatureNames provider) => parent.Kind switch
    {
        HandleKind.TypeReference => TypeRefName(md, (TypeReferenceHandle)parent),
        HandleKind.TypeDefinition => "<self>",
        HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)parent).DecodeSignature(provider, null) switch
        {
            var name when name.EndsWith("[]", StringComparison.Ordinal) => "<array>",
            var name when name.StartsWith("<self>", StringComparison.Ordinal) => "<self>",
            var name => name,
        },
        _ => null,
    };

    private static bool IsLdcI4(ILOpCode op) => op is ILOpCode.Ldc_i4 or ILOpCode.Ldc_i4_s or (>= ILOpCode.Ldc_i4_0 and <= ILOpCode.Ldc_i4_8);

    private static bool IsShortBranch(ILOpCode op) => op is (>= ILOpCode.Br_s and <= ILOpCode.Blt_un_s) or ILOpCode.Leave_s;

    private static bool IsLongBranch(ILOpCode op) => op is (>= ILOpCode.Br and <= ILOpCode.Blt_un) or ILOpCode.Leave;

    private static bool IsTokenOperand(ILOpCode op) => op is ILOpCode.Jmp or ILOpCode.Call or ILOpCode.Calli or ILOpCode.Callvirt
        or ILOpCode.Cpobj or ILOpCode.Ldobj or ILOpCode.Ldstr or ILOpCode.Newobj or ILOpCode.Castclass or ILOpCode.Isinst
        or ILOpCode.Unbox or ILOpCode.Ldfld or ILOpCode.Ldflda or ILOpCode.Stfld or ILOpCode.Ldsfld or ILOpCode.Ldsflda
        or ILOpCode.Stsfld or ILOpCode.Stobj or ILOpCode.Box or ILOpCode.Newarr or ILOpCode.Ldelema or ILOpCode.Ldelem
        or ILOpCode.Stelem or ILOpCode.Unbox_any or ILOpCode.Refanyval or ILOpCode.Mkrefany or ILOpCode.Ldtoken
        or ILOpCode.Ldftn or ILOpCode.Ldvirtftn or ILOpCode.Initobj or ILOpCode.Constrained or ILOpCode.Sizeof;

    // Operand size in bytes; -1 for switch.
    private static int OperandSize(ILOpCode op)
    {
        if (IsTokenOperand(op) || IsLongBranch(op))
        {
            return 4;
        }

        if (IsShortBranch(op))
        {
            return 1;
        }

        return op switch
        {
            ILOpCode.Ldarg_s or ILOpCode.Ldarga_s or ILOpCode.Starg_s or ILOpCode.Ldloc_s or ILOpCode.Ldloca_s
                or ILOpCode.Stloc_s or ILOpCode.Ldc_i4_s or ILOpCode.Unaligned => 1,
            ILOpCode.Ldarg or ILOpCode.Ldarga or ILOpCode.Starg or ILOpCode.Ldloc or ILOpCode.Ldloca or ILOpCode.Stloc => 2,
            ILOpCode.Ldc_i4 or ILOpCode.Ldc_r4 => 4,
            ILOpCode.Ldc_i8 or ILOpCode.Ldc_r8 => 8,
            ILOpCode.Switch => -1,
            _ => 0,
        };
    }

    /// <summary>Names types in signatures; remembers whether it met a pointer or function pointer.</summary>
    private sealed class SignatureNames(MetadataReader md) : ISignatureTypeProvider<string, object?>
    {
        public bool SawPointer { get; set; }

        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[]";

        public string GetByReferenceType(string elementType) => elementType;

        public string GetFunctionPointerType(MethodSignature<string> signature)
        {
            SawPointer = true;
            return "delegate*";
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType;

        public string GetGenericMethodParameter(object? genericContext, int index) => "!!" + index;

        public string GetGenericTypeParameter(object? genericContext, int index) => "!" + index;

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType)
        {
            SawPointer = true;
            return elementType + " pinned";
        }

        public string GetPointerType(string elementType)
        {
            SawPointer = true;
            return elementType + "*";
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => "System." + typeCode;

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => "<self>" + TypeDefName(md, handle);

        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => TypeRefName(md, handle);

        public string GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            md.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
    }
}
