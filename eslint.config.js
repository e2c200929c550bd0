// ESLint flat config. The one house rule beyond the recommended sets: a package is used through
// its public surface (`@sluice/x` or `@sluice/x/internal`), never by reaching into its src/.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.d.ts', 'sluice-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@sluice/*/src', '@sluice/*/src/*', '@sluice/*/dist/*'], message: "Import the package's public surface (@sluice/x or @sluice/x/internal), not its files." },
          { group: ['**/packages/*/src/*', '../../*/src/*', '../../../*/src/*'], message: "Import the package's public surface (@sluice/x or @sluice/x/internal), not another package's src/." },
        ],
      }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
