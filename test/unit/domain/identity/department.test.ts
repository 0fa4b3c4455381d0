import { checkDepartment, departmentCodeSchema, isOverseasDepartment } from '../../../../domain/identity/department';

describe('checkDepartment (RULES.md §2.5: 01–95, 2A, 2B, 971–976)', () => {
  it.each(['01', '09', '10', '19', '21', '2A', '2B', '33', '69', '75', '90', '95', '971', '972', '973', '974', '975', '976'])(
    'accepts %s',
    (code) => {
      expect(checkDepartment(code)).toEqual({ ok: true, department: code });
    },
  );

  it.each(['20', '00', '96', '99', '970', '977', '2C', '2a', '1', '001', '9710', '', ' 75', 'AB'])(
    'refuses %j',
    (code) => {
      const check = checkDepartment(code);
      expect(check).toMatchObject({ ok: false, code: 'department.unknown' });
      expect(!check.ok && check.message).toContain('2A, 2B et 971 à 976');
    },
  );

  it('reports the rule code through the zod schema', () => {
    expect(departmentCodeSchema.parse('2A')).toBe('2A');
    expect(departmentCodeSchema.safeParse('20').error?.issues[0]).toMatchObject({
      params: { code: 'department.unknown' },
    });
  });
});

describe('isOverseasDepartment (000_478a79800a90412a.txt, 002_ba07e18f5cc1ad7d.txt: "outre-mer")', () => {
  it.each(['971', '972', '973', '974', '975', '976'])('counts %s as overseas', (code) => {
    expect(isOverseasDepartment(code)).toBe(true);
  });

  it.each(['01', '2A', '2B', '75', '95'])('counts %s as metropolitan', (code) => {
    expect(isOverseasDepartment(code)).toBe(false);
  });
});
