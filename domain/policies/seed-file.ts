/**
 * The source documents in /work/shared/seeds. Each figure of the rules names the file it comes
 * from, so an auditor can check it; refusals name the document in words staff recognise.
 */
export const SEED_TITLES = {
  '000_478a79800a90412a.txt': 'guide 2022 des structures publiques',
  '001_6dade1b22e1aa482.txt': 'guide 2021 des structures publiques',
  '002_ba07e18f5cc1ad7d.txt': 'AMI 2021 des structures privées',
  '003_0395d5c6dd79564e.txt': 'FAQ du dispositif 2024-2025',
  '004_de92c4ad36fd347a.txt': "guide 2022 de l'employeur privé",
} as const;

export type SeedFile = keyof typeof SEED_TITLES;

export function seedTitle(source: SeedFile): string {
  return SEED_TITLES[source];
}
