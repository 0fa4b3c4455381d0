import { DEPARTMENT_CODE } from '../../../../domain/identity/department';
import { departmentsWithRegion, regionOfDepartment } from '../../../../domain/identity/department-region';

/** Every code RULES.md §2.5 admits, spelled out: 01–95 but 20, 2A, 2B, 971–976. */
const admitted = [
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '20'),
  '2A',
  '2B',
  ...['971', '972', '973', '974', '975', '976'],
];

describe('the region of a département', () => {
  it('covers exactly the codes the API admits, each once', () => {
    expect(admitted.every((c) => DEPARTMENT_CODE.test(c))).toBe(true);
    expect([...departmentsWithRegion()].sort()).toEqual([...admitted].sort());
    expect(new Set(departmentsWithRegion()).size).toBe(admitted.length);
  });

  it('names the 2016 regions, Corsica and the overseas ones', () => {
    expect(regionOfDepartment('69')).toEqual({ code: '84', name: 'Auvergne-Rhône-Alpes' });
    expect(regionOfDepartment('2B')).toEqual({ code: '94', name: 'Corse' });
    expect(regionOfDepartment('93')).toEqual({ code: '11', name: 'Île-de-France' });
    expect(regionOfDepartment('971')).toEqual({ code: '01', name: 'Guadeloupe' });
    expect(regionOfDepartment('974')).toEqual({ code: '04', name: 'La Réunion' });
    expect(regionOfDepartment('976')).toEqual({ code: '06', name: 'Mayotte' });
    expect(regionOfDepartment('975')).toEqual({ code: '975', name: 'Saint-Pierre-et-Miquelon' });
    expect(regionOfDepartment('20')).toBeNull();
  });
});
