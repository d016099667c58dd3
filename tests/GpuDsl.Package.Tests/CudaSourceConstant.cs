using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace GpuDsl.Package.Tests;

/// <summary>Reads a kernel class's generated <c>CudaSource</c> constant from a built assembly, without loading it.</summary>
internal static class CudaSourceConstant
{
    public static string Read(string assembly, string type)
    {
        using PEReader pe = new(File.OpenRead(assembly));
        MetadataReader metadata = pe.GetMetadataReader();
        foreach (TypeDefinitionHandle handle in metadata.TypeDefinitions)
        {
            TypeDefinition definition = metadata.GetTypeDefinition(handle);
            if ($"{metadata.GetString(definition.Namespace)}.{metadata.GetString(definition.Name)}" != type)
            {
                continue;
            }

            foreach (FieldDefinition field in definition.GetFields().Select(metadata.GetFieldDefinition))
            {
                if (metadata.GetString(field.Name) == "CudaSource")
                {
                    BlobReader value = metadata.GetBlobReader(metadata.GetConstant(field.GetDefaultValue()).Value);
                    return value.ReadUTF16(value.Length);
                }
            }
        }

        throw new InvalidOperationException($"{assembly} has no constant {type}.CudaSource.");
    }
}
