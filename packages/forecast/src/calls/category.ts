/** The NIJ challenge's four forecast categories, by the names the eval prints. */
export const CATEGORIES = ['all', 'street', 'burglary', 'vehicle_theft'] as const;
export type Category = (typeof CATEGORIES)[number];

const NIJ_NAME: Record<Exclude<Category, 'all'>, string> = {
  street: 'STREET CRIMES',
  burglary: 'BURGLARY',
  vehicle_theft: 'MOTOR VEHICLE THEFT',
};

/** Whether a call of NIJ category `nijCategory` counts towards `category`. */
export function inCategory(category: Category, nijCategory: string): boolean {
  return category === 'all' || NIJ_NAME[category] === nijCategory;
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}
