<?php

declare(strict_types=1);

namespace Calcom\Laravel\Tests;

use UnexpectedValueException;

/**
 * A PNG decoder for the browser test's screenshots, without GD: 8-bit RGB
 * (colour type 2) or RGBA (6), not interlaced. The chunks' CRCs are
 * checked, the IDAT data inflated with zlib and the five scanline filters
 * undone (PNG spec, section 9). Anything else is an UnexpectedValueException.
 */
final class Png
{
    /** @var array<string, int>|null */
    private ?array $colours = null;

    /** @param string $pixels the rows top to bottom, $channels bytes a pixel */
    private function __construct(public readonly int $width, public readonly int $height,
        public readonly int $channels, public readonly string $pixels)
    {
    }

    public static function fromFile(string $file): self
    {
        $data = @file_get_contents($file);
        if ($data === false) {
            throw new UnexpectedValueException("png: cannot read $file");
        }
        return self::decode($data);
    }

    public static function decode(string $data): self
    {
        if (strncmp($data, "\x89PNG\r\n\x1a\n", 8) !== 0) {
            throw new UnexpectedValueException('png: no PNG signature');
        }
        $pos = 8;
        $ihdr = null;
        $idat = '';
        while (true) {
            if ($pos + 12 > strlen($data)) {
                throw new UnexpectedValueException('png: truncated before IEND');
            }
            ['len' => $len, 'type' => $type] = unpack('Nlen/a4type', $data, $pos);
            $body = substr($data, $pos + 8, $len);
            if (strlen($body) !== $len || $pos + 12 + $len > strlen($data)) {
                throw new UnexpectedValueException("png: truncated $type chunk");
            }
            if (unpack('N', $data, $pos + 8 + $len)[1] !== crc32($type . $body)) {
                throw new UnexpectedValueException("png: bad CRC in $type chunk");
            }
            $pos += 12 + $len;
            if ($type === 'IHDR') {
                $ihdr = unpack('Nwidth/Nheight/Cdepth/Ccolour/Ccompression/Cfilter/Cinterlace', $body);
            } elseif ($type === 'IDAT') {
                $idat .= $body;
            } elseif ($type === 'IEND') {
                break;
            }
        }
        if ($ihdr === null) {
            throw new UnexpectedValueException('png: no IHDR chunk');
        }
        $channels = [2 => 3, 6 => 4][$ihdr['colour']] ?? null;
        if ($channels === null || $ihdr['depth'] !== 8 || $ihdr['compression'] !== 0 || $ihdr['filter'] !== 0
            || $ihdr['interlace'] !== 0) {
            throw new UnexpectedValueException(sprintf('png: unsupported format (colour type %d, bit depth %d, '
                . 'interlace %d); only 8-bit RGB/RGBA, not interlaced', $ihdr['colour'], $ihdr['depth'],
                $ihdr['interlace']));
        }
        [$width, $height] = [$ihdr['width'], $ihdr['height']];
        $raw = @gzuncompress($idat);
        $stride = $width * $channels;
        if ($raw === false || strlen($raw) !== $height * ($stride + 1)) {
            throw new UnexpectedValueException('png: IDAT does not inflate to ' . $height . ' rows of ' . $stride
                . ' bytes');
        }
        return new self($width, $height, $channels, self::unfilter($raw, $height, $stride, $channels));
    }

    /** Undoes the filters None, Sub, Up, Average and Paeth, row by row. */
    private static function unfilter(string $raw, int $height, int $stride, int $bpp): string
    {
        $out = '';
        $prev = array_fill(0, $stride, 0);
        for ($y = 0, $pos = 0; $y < $height; $y++, $pos += $stride + 1) {
            $filter = ord($raw[$pos]);
            $line = array_values(unpack('C*', substr($raw, $pos + 1, $stride)));
            switch ($filter) {
                case 0:
                    break;
                case 1:
                    for ($i = $bpp; $i < $stride; $i++) {
                        $line[$i] = ($line[$i] + $line[$i - $bpp]) & 0xff;
                    }
                    break;
                case 2:
                    for ($i = 0; $i < $stride; $i++) {
                        $line[$i] = ($line[$i] + $prev[$i]) & 0xff;
                    }
                    break;
                case 3:
                    for ($i = 0; $i < $bpp; $i++) {
                        $line[$i] = ($line[$i] + ($prev[$i] >> 1)) & 0xff;
                    }
                    for (; $i < $stride; $i++) {
                        $line[$i] = ($line[$i] + (($line[$i - $bpp] + $prev[$i]) >> 1)) & 0xff;
                    }
                    break;
                case 4:  // the first pixel has no left or upper-left neighbour: Paeth picks the upper one
                    for ($i = 0; $i < $bpp; $i++) {
                        $line[$i] = ($line[$i] + $prev[$i]) & 0xff;
                    }
                    for (; $i < $stride; $i++) {
                        $a = $line[$i - $bpp];
                        $b = $prev[$i];
                        $c = $prev[$i - $bpp];
                        $pa = abs($b - $c);       // |p - a| with p = a + b - c
                        $pb = abs($a - $c);       // |p - b|
                        $pc = abs($a + $b - $c - $c);
                        $line[$i] = ($line[$i] + ($pa <= $pb && $pa <= $pc ? $a : ($pb <= $pc ? $b : $c))) & 0xff;
                    }
                    break;
                default:
                    throw new UnexpectedValueException("png: unknown filter type $filter in row $y");
            }
            $out .= pack('C*', ...$line);
            $prev = $line;
        }
        return $out;
    }

    /**
     * How many pixels have each colour, keyed by lowercase hex: 'rrggbb'
     * for RGB, 'rrggbbaa' for RGBA.
     *
     * @return array<string, int>
     */
    public function colours(): array
    {
        if ($this->colours === null) {
            $this->colours = [];
            foreach (array_count_values(str_split($this->pixels, $this->channels)) as $bytes => $n) {
                $this->colours[bin2hex((string) $bytes)] = $n;  // an int key ("123") casts back to its bytes
            }
        }
        return $this->colours;
    }

    /** The number of opaque pixels of colour $hex ('#rrggbb' or 'rrggbb'). */
    public function count(string $hex): int
    {
        $key = strtolower(ltrim($hex, '#')) . ($this->channels === 4 ? 'ff' : '');
        return $this->colours()[$key] ?? 0;
    }
}
