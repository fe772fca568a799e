// Query strings carry text: "1"/"true" and "0"/"false" become booleans; anything else is left
// as it is so that @IsBoolean() refuses it with a message naming the field.
import { Transform } from 'class-transformer';

export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => {
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return value;
  });
}
