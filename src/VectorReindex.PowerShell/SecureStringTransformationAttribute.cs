using System;
using System.Management.Automation;
using System.Security;

namespace VectorReindex.PowerShell
{
    /// <summary>
    /// Lets a SecureString parameter take a plain string too (for example an API key from an
    /// environment variable), converting it at binding so it is held only as a SecureString.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string text)
            {
                var secure = new SecureString();
                foreach (var c in text) secure.AppendChar(c);
                secure.MakeReadOnly();
                return secure;
            }
            return inputData;
        }
    }
}
