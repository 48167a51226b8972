#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# -Local in a fresh pwsh process: the import leaves ONNX Runtime unloaded, the first -Local loads it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
}

Describe 'New-VectorEmbedder -Local' {
    It 'does not load the models or ONNX Runtime at import' {
        $loaded = [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name
        $loaded | Should -Not -Contain 'Microsoft.ML.OnnxRuntime'
        $loaded | Should -Not -Contain 'VectorReindex.Embeddings.Local'
    }

    It 'embeds with all-MiniLM-L6-v2: 384 unit vectors, paraphrases closer than unrelated text' {
        $m = New-VectorEmbedder -Local MiniLM -Cache
        $m.Kind | Should -Be 'Local'
        $m.Model | Should -Be 'sentence-transformers/all-MiniLM-L6-v2'
        $r = Test-VectorEmbedder $m -Text 'A kitten naps on the couch.', 'The cat is sleeping on the sofa.', 'Quarterly revenue grew.'
        $r.Dimensions | Should -Be 384, 384, 384
        $r | ForEach-Object { [math]::Abs($_.Norm - 1) | Should -BeLessThan 1e-4 }
        $dot = { param($a, $b) $s = 0.0; for ($i = 0; $i -lt $a.Length; $i++) { $s += $a[$i] * $b[$i] }; $s }
        (& $dot $r[0].Vector $r[1].Vector) | Should -BeGreaterThan (& $dot $r[0].Vector $r[2].Vector)
        [AppDomain]::CurrentDomain.GetAssemblies().GetName().Name | Should -Contain 'Microsoft.ML.OnnxRuntime'
    }

    It 'rejects a model it does not have' {
        { New-VectorEmbedder -Local bert-large -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,VectorReindex.PowerShell.Commands.NewVectorEmbedderCommand'
    }
}
