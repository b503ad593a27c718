// Lint rules: the recommended sets, plus the few that catch real bugs in this codebase.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'build/**', 'bench/results/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly',
        setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly',
        TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly', fetch: 'readonly',
        crypto: 'readonly', WebAssembly: 'readonly', globalThis: 'readonly', queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'index.ts lists named exports; no export * barrels.' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // CommonJS files (the PKCS#11 signing thread's body, loaded by path): require is how they import.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', Atomics: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
