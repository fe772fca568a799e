// Body of the roll routes (POST /api/tokens/{name}/roll, /api/authkeys/{id}/roll): the grace only;
// its cap and the expiry bound are the library's (a 400 naming graceSeconds).
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';

export class RollCredentialDto {
  @ApiPropertyOptional({
    description: 'Seconds the previous secret keeps working (0: it stops at once; at most 7 days, never past the expiry). Absent: 0.',
    example: 3600,
    minimum: 0,
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  graceSeconds?: number;
}
