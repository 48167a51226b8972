#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The same behaviour the xunit suite proves (NewVectorEmbedderTests), for users who have pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-PackagedManifest) -Force
}

Describe 'New-VectorEmbedder' {
    Context 'parameter sets' {
        It 'makes a <Kind> embedder' -ForEach @(
            @{ Kind = 'Copy'; Make = { New-VectorEmbedder -Copy } }
            @{ Kind = 'Hashing'; Make = { New-VectorEmbedder -Hashing -Dimensions 16 } }
            @{ Kind = 'OpenAI'; Make = { New-VectorEmbedder -OpenAI -Endpoint 'http://127.0.0.1:9/v1' -Model 'm' } }
            @{ Kind = 'ScriptBlock'; Make = { New-VectorEmbedder -ScriptBlock { param([string[]] $Texts) } } }
        ) {
            $embedder = & $Make
            $embedder.Kind | Should -Be $Kind
            $embedder | Should -BeOfType ([VectorReindex.Core.Embedding.VectorEmbedder])
        }

        It 'rejects -Dimensions 0' {
            { New-VectorEmbedder -Hashing -Dimensions 0 -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,VectorReindex.PowerShell.Commands.NewVectorEmbedderCommand'
        }
    }
}

Describe 'Test-VectorEmbedder' {
    It 'gives unit vectors of the hashing dimensions, the same each time' {
        $e = New-VectorEmbedder -Hashing -Dimensions 32 -Seed 5
        $first = Test-VectorEmbedder $e -Text 'red running shoes'
        $second = 'red running shoes' | Test-VectorEmbedder $e
        $first.Dimensions | Should -Be 32
        [math]::Abs($first.Norm - 1) | Should -BeLessThan 1e-6
        $second.Vector | Should -Be $first.Vector
    }

    It 'runs a script block embedder on the pipeline thread' {
        $script:outer = [Environment]::CurrentManagedThreadId
        $script:inner = $null
        $e = New-VectorEmbedder -ScriptBlock {
            param([string[]] $Texts)
            $script:inner = [Environment]::CurrentManagedThreadId
            foreach ($t in $Texts) { , [float[]]@($t.Length, 1) }
        }
        (Test-VectorEmbedder $e -Text 'abc').Vector | Should -Be @(3, 1)
        $script:inner | Should -Be $script:outer
    }

    It 'writes a non-terminating error naming each text when the script block returns the wrong count' {
        $e = New-VectorEmbedder -ScriptBlock { param([string[]] $Texts) , [float[]]@(1, 0) }
        $out = Test-VectorEmbedder $e -Text 'first', 'second' -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'EmbedderFailed,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand'
        $errors.TargetObject | Should -Be @('text[0]', 'text[1]')
    }

    It 'writes EmbeddingWrongDimensions for the one text with the wrong length' {
        $e = New-VectorEmbedder -Dimensions 2 -ScriptBlock {
            param([string[]] $Texts)
            foreach ($t in $Texts) { if ($t -eq 'bad') { , [float[]]@(1, 2, 3) } else { , [float[]]@(1, 0) } }
        }
        $out = Test-VectorEmbedder $e -Text 'good', 'bad' -ErrorVariable errors -ErrorAction SilentlyContinue
        @($out).Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeExactly 'EmbeddingWrongDimensions,VectorReindex.PowerShell.Commands.TestVectorEmbedderCommand'
        $errors[0].TargetObject | Should -Be 'text[1]'
    }
}
