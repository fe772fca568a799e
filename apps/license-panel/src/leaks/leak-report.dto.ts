// The body of POST /api/credentials/report: bounded lists of bounded strings and a required
// source (the library checks both again; these bounds only stop abuse before it runs).
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_LEAK_CANDIDATE_LENGTH, MAX_LEAK_CANDIDATES, MAX_LEAK_SOURCE_LENGTH } from 'nestjs-api-tokens';

export class LeakReportDto {
  @ApiProperty({
    description: `Strings that may be leaked credentials: tokens, authorization keys, \`user:SECRET\` or a whole \`cpanel user:SECRET\` header value (1 to ${MAX_LEAK_CANDIDATES}, each at most ${MAX_LEAK_CANDIDATE_LENGTH} characters)`,
    type: [String],
    example: ['<a token found in a public repository>'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_LEAK_CANDIDATES)
  @IsString({ each: true })
  @MaxLength(MAX_LEAK_CANDIDATE_LENGTH, { each: true })
  credentials!: string[];

  @ApiProperty({ description: `Where they were found (a URL, the scanner's name): 1 to ${MAX_LEAK_SOURCE_LENGTH} characters`, example: 'https://github.com/acme/app/blob/main/.env' })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_LEAK_SOURCE_LENGTH)
  source!: string;
}

/** The one answer to every report, whatever it held. */
export class LeakReportAccepted {
  @ApiProperty({ example: 'received' }) status!: 'received';
  @ApiProperty({ example: 'Thank you. Every live credential among those reported is revoked, and its owner is told.' }) message!: string;
}
