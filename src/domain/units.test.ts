import { describe, expect, it } from 'vitest';
import { childPath, isWithin, missingSchoolFields, pathIds, placementRefusal } from './units.js';

describe('unit tree', () => {
  it('builds and reads materialised paths', () => {
    const p = childPath(childPath('/', 1), 23);
    expect(p).toBe('/1/23/');
    expect(pathIds(p)).toEqual([1, 23]);
    expect(isWithin('/1/23/45/', '/1/23/')).toBe(true);
    // '/1/2/' must not count '/1/23/' as inside it.
    expect(isWithin('/1/23/', '/1/2/')).toBe(false);
  });
  it('places departments and towns under a bureau, schools under a town or the bureau', () => {
    expect(placementRefusal('bureau', 'department')).toBeNull();
    expect(placementRefusal('bureau', 'town')).toBeNull();
    expect(placementRefusal('town', 'school')).toBeNull();
    expect(placementRefusal('bureau', 'school')).toBeNull();
    expect(placementRefusal('city_bureau', 'bureau')).toBeNull();
    expect(placementRefusal('school', 'school')).not.toBeNull();
    expect(placementRefusal('town', 'department')).not.toBeNull();
  });
  it('requires the school attributes later rules depend on', () => {
    expect(missingSchoolFields({ stage: 'primary', ownership: 'public', gateCount: 0, studentCount: 10 })).toEqual([]);
    expect(missingSchoolFields({ stage: null, gateCount: 2 })).toEqual(['stage', 'ownership', 'studentCount']);
  });
});
