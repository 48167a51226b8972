using System;
using System.Globalization;

namespace VectorReindex.PowerShell
{
    /// <summary>What Test-VectorEmbedder outputs for each text it embedded.</summary>
    public sealed class EmbedderTestResult
    {
        public EmbedderTestResult(int index, string text, float[] vector, string embedder)
        {
            Index = index;
            Text = text;
            Vector = vector;
            Embedder = embedder;
            double squares = 0;
            foreach (var v in vector) squares += (double)v * v;
            Norm = Math.Sqrt(squares);
        }

        /// <summary>Position of the text in -Text.</summary>
        public int Index { get; }

        public string Text { get; }

        public int Dimensions => Vector.Length;

        /// <summary>L2 norm: 1 for normalized embedders; dot_product similarity needs unit vectors.</summary>
        public double Norm { get; }

        public float[] Vector { get; }

        /// <summary>The embedder's description.</summary>
        public string Embedder { get; }

        public override string ToString() =>
            string.Format(CultureInfo.InvariantCulture, "text[{0}]: {1} dimensions, norm {2:0.000}", Index, Dimensions, Norm);
    }
}
